"""sync_course and export_course: a fresh database gets the whole course from files, a second run
changes nothing, a bad file loads nothing and says where, and export → import gives the same course."""

import pytest
from django.core.management import CommandError

from courseware.models import Course, Figure, Lesson, Module, Question, Quiz

from .conftest import CONTENT, run

pytestmark = pytest.mark.django_db


def snapshot(slug="redes-neurais"):
    course = Course.objects.get(slug=slug)
    modules = []
    for m in course.modules.filter(is_published=True).order_by("number"):
        quiz = Quiz.objects.filter(module=m).first()
        questions = [
            (
                q.slug,
                q.position,
                q.kind,
                q.prompt,
                q.spec,
                q.generator,
                q.randomize,
                q.points,
                q.max_attempts,
                q.cooldown_seconds,
                q.explanation,
            )
            for q in Question.objects.filter(quiz__module=m, is_active=True).order_by("position")
        ]
        modules.append(
            (
                m.number,
                m.slug,
                m.title,
                m.summary,
                m.exercise_slugs,
                m.lesson.body,
                m.lesson.figure_names,
                sorted((f.filename, f.content_type, bytes(f.data)) for f in m.figures.all()),
                (quiz.title, quiz.score_policy, quiz.max_attempts, quiz.cooldown_seconds, quiz.generators_code)
                if quiz
                else None,
                questions,
            )
        )
    return (course.slug, course.title, course.language, course.description, modules)


def test_the_course_loads_from_files_on_a_fresh_database(db):
    out = run("sync_course")
    assert "redes-neurais: loaded: 15 modules, 15 lessons" in out
    course = Course.objects.get(slug="redes-neurais")
    assert course.title == "Redes Neurais e Deep Learning"
    assert list(course.modules.values_list("number", flat=True)) == list(range(1, 16))
    assert Lesson.objects.count() == 15
    for module in course.modules.all():
        assert Question.objects.filter(quiz__module=module).count() >= 2, module
    assert Module.objects.get(slug="xor-multicamadas").exercise_slugs == ["xor-mlp"]
    assert Figure.objects.filter(module__slug="convolucionais").count() == 2


def test_sync_is_idempotent(course):
    before = snapshot()
    ids = sorted(Question.objects.values_list("pk", flat=True))
    assert "unchanged" in run("sync_course", str(CONTENT))
    assert "loaded" in run("sync_course", str(CONTENT), "--force")
    assert snapshot() == before
    assert sorted(Question.objects.values_list("pk", flat=True)) == ids
    assert Course.objects.count() == 1 and Module.objects.count() == 15


def test_admin_edits_survive_a_sync_of_unchanged_files_and_a_changed_file_wins(course, course_copy):
    Module.objects.filter(slug="softmax").update(title="Edited in the admin")
    run("sync_course", str(CONTENT))
    assert Module.objects.get(slug="softmax").title == "Edited in the admin"
    lesson = course_copy / "modules" / "05-softmax" / "lesson.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace('title: "Softmax e one-hot"', 'title: "Softmax"'), encoding="utf-8"
    )
    run("sync_course", str(course_copy))
    assert Module.objects.get(slug="softmax").title == "Softmax"


def _break(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "file, old, new, where, message",
    [
        (
            "modules/05-softmax/quiz.yaml",
            "    tolerance: {abs: 0.005, rel: 0}\n",
            "",
            "05-softmax/quiz.yaml:6:",
            "tolerance must be given explicitly",
        ),
        (
            "modules/05-softmax/quiz.yaml",
            "generator: softmax_values",
            "generator: softmax_valeus",
            "05-softmax/quiz.yaml:8:",
            "no generator named",
        ),
        (
            "modules/13-convolucionais/quiz.yaml",
            "kind: matrix",
            "kind: matrx",
            "13-convolucionais/quiz.yaml:7:",
            "unknown kind",
        ),
        ("modules/02-maxima-verossimilhanca/quiz.yaml", "questions:", "questions: [", "quiz.yaml:", "invalid YAML"),
        (
            "modules/04-xor-multicamadas/quiz.yaml",
            "{name: C, inputs: [A]}",
            "{name: C, inputs: [D]}",
            "04-xor-multicamadas/quiz.yaml:10:",
            "perceptron 'C'",
        ),
        (
            "modules/04-xor-multicamadas/generators.py",
            '"C": "NOT"',
            '"C": "AND"',
            "04-xor-multicamadas/quiz.yaml:8:",
            "graded wrong",
        ),
        (
            "modules/06-entropia-kl/generators.py",
            "import numpy as np",
            "import numpy as np\nprint(",
            "generators.py:",
            "do not load",
        ),
        ("modules/01-perceptron/lesson.md", "module: 1", "module: 2", "01-perceptron/lesson.md:2:", "module must be 1"),
        (
            "modules/01-perceptron/lesson.md",
            "figures: [sigmoid-step.svg]",
            "figures: [missing.svg]",
            "01-perceptron/lesson.md:",
            "figure 'missing.svg' is not in figures/",
        ),
        (
            "modules/05-softmax/quiz.yaml",
            "slug: one-hot-encoding",
            "slug: softmax-values",
            "05-softmax/quiz.yaml:",
            "used twice",
        ),
    ],
)
def test_a_bad_file_loads_nothing_and_says_where(course_copy, db, file, old, new, where, message):
    _break(course_copy / file, old, new)
    with pytest.raises(CommandError) as error:
        run("sync_course", str(course_copy))
    text = str(error.value)
    assert "nothing loaded" in text and where in text and message in text, text
    assert not Course.objects.exists() and not Question.objects.exists()


def test_a_bad_file_leaves_the_loaded_course_as_it_was(course, course_copy):
    before = snapshot()
    _break(course_copy / "modules/15-recorrentes/quiz.yaml", "kind: numeric", "kind: numerc")
    _break(course_copy / "modules/01-perceptron/lesson.md", 'title: "Perceptron e função de erro"', 'title: "Novo"')
    with pytest.raises(CommandError):
        run("sync_course", str(course_copy))
    assert snapshot() == before


def test_export_then_import_gives_the_same_course(course, tmp_path):
    before = snapshot()
    out = run("export_course", str(tmp_path / "export"))
    assert "files written" in out
    assert (tmp_path / "export" / "modules" / "04-xor-multicamadas" / "quiz.yaml").is_file()
    Course.objects.all().delete()
    assert "loaded" in run("sync_course", str(tmp_path / "export"))
    assert snapshot() == before
    # And the export of the re-imported course is byte for byte the first export.
    run("export_course", str(tmp_path / "again"))
    first = {
        p.relative_to(tmp_path / "export"): p.read_bytes() for p in (tmp_path / "export").rglob("*") if p.is_file()
    }
    again = {p.relative_to(tmp_path / "again"): p.read_bytes() for p in (tmp_path / "again").rglob("*") if p.is_file()}
    assert first == again


def test_removed_questions_are_deactivated_not_deleted(course, course_copy, student):
    from courseware import services

    question = Question.objects.get(slug="lenet-order")
    services.answer(student, question, 0, ["conv1"])  # unreadable: no attempt
    services.answer(student, question, 0, question.spec and [i["key"] for i in question.spec["items"]])
    quiz = course_copy / "modules/13-convolucionais/quiz.yaml"
    text = quiz.read_text(encoding="utf-8")
    quiz.write_text(text[: text.index("  - slug: lenet-order")], encoding="utf-8")
    run("sync_course", str(course_copy))
    question.refresh_from_db()
    assert question.is_active is False and question.attempts.count() == 1
