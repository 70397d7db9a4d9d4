"""The instructors' statistics page: numbers a person would check by hand, over the students the
viewer may see (her cohort's, or everyone's for a superuser), with real attempts made through the
quiz service and graded submissions written as the worker writes them."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from classroom.models import Cohort, Enrollment
from courseware import services
from courseware.models import Module, Question, QuestionState
from exercises.models import Submission

pytestmark = pytest.mark.usefixtures("english")

WRONG_OPTION = "A sigmoide é mais rápida de calcular que o degrau."  # sigmoid-vs-step, key "faster"
OUTSIDER_OPTION = "A sigmoide sempre classifica mais pontos corretamente."  # key "accuracy"


@pytest.fixture
def course(softmax_exercise, shipped_course):
    return shipped_course


@pytest.fixture
def people(course, student, other_student, instructor, django_user_model):
    """alice, bob and dora in the cohort carol (the ``instructor``) teaches; erin in another cohort."""
    dora = django_user_model.objects.create_user("dora", password="dora-password-1")
    erin = django_user_model.objects.create_user("erin", password="erin-password-1")
    cohort = Cohort.objects.create(course=course, name="Turma A")
    cohort.instructors.add(instructor)
    other = Cohort.objects.create(course=course, name="Turma B")
    for user in (student, other_student, dora):
        Enrollment(cohort=cohort, user=user).save()
    Enrollment(cohort=other, user=erin).save()
    return {"alice": student, "bob": other_student, "dora": dora, "erin": erin, "cohort": cohort, "other": other}


def answer(user, slug: str, given, *, expect_correct: bool):
    question = Question.objects.select_related("quiz__module__course").get(slug=slug)
    state = QuestionState.objects.filter(user=user, question=question).first()
    if state is not None:  # the quiz's cooldown between attempts has passed
        QuestionState.objects.filter(pk=state.pk).update(last_attempt_at=timezone.now() - timedelta(hours=1))
    number = state.attempts_used if state else 0
    outcome = services.answer(user, question, number, given)
    assert outcome.status == "graded", outcome.message
    assert outcome.result.correct is expect_correct
    return outcome


def submit(user, exercise, score: float, checks: list, *, minutes: int = 0, status=Submission.Status.GRADED):
    """A submission as the worker leaves it, accepted ``minutes`` after a fixed start."""
    submission = Submission.objects.create(
        user=user,
        exercise=exercise,
        source="def softmax(z): ...",
        seed=1,
        status=status,
        score=score,
        max_score=10,
        checks=checks,
    )
    start = timezone.now() - timedelta(days=1)
    Submission.objects.filter(pk=submission.pk).update(created_at=start + timedelta(minutes=minutes))
    return submission


def check(name: str, passed: bool, what: str = "softmax(z)") -> dict:
    """A check as the grader stores it: texts in the language graded in, and their trees."""
    entry = {"name": name, "name_data": name, "passed": passed, "score": 5 if passed else 0, "max_score": 5}
    if passed:
        entry.update(message="", message_data="")
    else:
        entry.update(
            message=f"{what} is not what was expected",
            message_data={"id": "{what} is not what was expected", "params": {"what": what}},
        )
    return entry


@pytest.fixture
def work(people, softmax_exercise):
    alice, bob, dora, erin = people["alice"], people["bob"], people["dora"], people["erin"]
    # A single-choice question: alice right at once, bob and dora the same wrong option, then bob right.
    answer(alice, "sigmoid-vs-step", "continuous", expect_correct=True)
    answer(bob, "sigmoid-vs-step", "faster", expect_correct=False)
    answer(dora, "sigmoid-vs-step", "faster", expect_correct=False)
    answer(bob, "sigmoid-vs-step", "continuous", expect_correct=True)
    answer(erin, "sigmoid-vs-step", "accuracy", expect_correct=False)
    # A numeric question: two close wrong values (one typed with a decimal comma) and a far one.
    answer(alice, "cross-entropy-value", "55,1", expect_correct=False)
    answer(bob, "cross-entropy-value", "54.9", expect_correct=False)
    answer(dora, "cross-entropy-value", "-7", expect_correct=False)
    # A vector question: two near-identical wrong vectors.
    answer(alice, "perceptron-outputs", ["3.001", "7", "9"], expect_correct=False)
    answer(bob, "perceptron-outputs", ["3.004", "7", "9"], expect_correct=False)
    # The softmax exercise: alice solves it at her 2nd submission 30 min after her 1st, bob at once,
    # dora not; erin (another cohort) at once.
    submit(alice, softmax_exercise, 5, [check("shape", True), check("values", False)], minutes=0)
    submit(alice, softmax_exercise, 10, [check("shape", True), check("values", True)], minutes=30)
    submit(bob, softmax_exercise, 10, [check("shape", True), check("values", True)], minutes=5)
    submit(dora, softmax_exercise, 0, [check("shape", False, "shape"), check("values", False)], minutes=7)
    submit(erin, softmax_exercise, 10, [check("shape", True), check("values", True)], minutes=1)
    # Lessons read: module 1 by alice and bob.
    module1 = Module.objects.get(course__slug="redes-neurais", number=1)
    services.mark_read(alice, module1)
    services.mark_read(bob, module1)
    services.mark_read(erin, module1)
    return people


def url(cohort=None) -> str:
    base = reverse("classroom:statistics", args=["redes-neurais"])
    return f"{base}?cohort={cohort.pk}" if cohort else base


def row(html: str, element_id: str) -> str:
    match = re.search(rf'<(tr|section) id="{re.escape(element_id)}"(.*?)</\1>', html, re.S)
    assert match, f"no #{element_id} on the page"
    return match.group(0)


def cell(html: str, css: str) -> str:
    match = re.search(rf'<td class="num {css}">(.*?)</td>', html, re.S)
    assert match, f"no cell .{css}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip()


@pytest.mark.django_db
def test_instructor_sees_her_cohort_question_statistics(client, work):
    client.force_login(work["cohort"].instructors.get())
    response = client.get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cohort Turma A: 3 students." in html

    question = row(html, "question-sigmoid-vs-step")
    assert cell(question, "attempts") == "4"
    assert cell(question, "students") == "3"
    assert cell(question, "first-try") == "33%"
    assert cell(question, "correct") == "67%"
    # the wrong option by its text, never only its key, with how many gave it
    assert f'<span class="answer">{WRONG_OPTION}</span> <span class="count">(2 times)</span>' in question
    assert ">faster<" not in question
    # erin is in another cohort: her answer is not counted
    assert OUTSIDER_OPTION not in html


@pytest.mark.django_db
def test_close_wrong_numbers_fall_into_one_bin(client, work):
    client.force_login(work["cohort"].instructors.get())
    html = client.get(url()).content.decode()

    numeric = row(html, "question-cross-entropy-value")
    answers = re.findall(r'<span class="answer">(.*?)</span> <span class="count">\((\d+) times?\)', numeric)
    assert answers == [("55", "2"), ("-7", "1")]
    assert "Numbers rounded to 2 significant digits." in numeric

    vector = row(html, "question-perceptron-outputs")
    answers = re.findall(r'<span class="answer">(.*?)</span> <span class="count">\((\d+) times?\)', vector)
    assert answers == [("[3, 7, 9]", "2")]


@pytest.mark.django_db
def test_exercise_pass_rate_median_attempts_and_checks(client, work):
    client.force_login(work["cohort"].instructors.get())
    html = client.get(url()).content.decode()

    overview = row(html, "exercise-row-softmax")
    assert cell(overview, "pass-rate") == "67% (2 of 3)"  # alice and bob of the 3 who submitted
    assert cell(overview, "median-attempts") == "1.5"  # alice 2, bob 1
    assert cell(overview, "median-time") == "15 min"  # alice 30 min, bob 0

    detail = row(html, "exercise-softmax")
    checks = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", detail))
    # "values" over the cohort's 4 graded submissions: alice's 2nd and bob's passed
    assert "values 50% (2 of 4)" in checks
    assert "shape 75% (3 of 4)" in checks
    assert "softmax(z) is not what was expected (2 times)" in checks
    assert "shape is not what was expected (1 time)" in checks


@pytest.mark.django_db
def test_failing_messages_read_in_the_viewers_language(client, work):
    client.force_login(work["cohort"].instructors.get())
    html = client.get(url(), HTTP_ACCEPT_LANGUAGE="pt-br").content.decode()
    detail = row(html, "exercise-softmax")
    assert "softmax(z) não é o valor esperado" in detail
    assert "is not what was expected" not in detail


@pytest.mark.django_db
def test_module_completion_and_charts(client, work):
    client.force_login(work["cohort"].instructors.get())
    html = client.get(url()).content.decode()

    module1 = row(html, "completion-perceptron")
    assert "2 (67%)" in module1  # alice and bob read the lesson; erin is not in the cohort
    # charts are drawn on the server, described for assistive technology, and carry the same numbers
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') >= 3
    assert '<title id="chart-completion-title">Completion per module' in html
    assert "sigmoid-vs-step: 33% right at the first try (1 of 3)" in html
    assert "Softmax" in html and "67% of the students who submitted have full marks (2 of 3)" in html


@pytest.mark.django_db
def test_superuser_without_cohort_sees_every_student(client, work, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="root-password-1")
    client.force_login(admin)
    html = client.get(url()).content.decode()
    assert "All students: 4 students." in html
    question = row(html, "question-sigmoid-vs-step")
    assert cell(question, "students") == "4"
    assert cell(question, "first-try") == "25%"
    assert OUTSIDER_OPTION in question
    assert cell(row(html, "exercise-row-softmax"), "pass-rate") == "75% (3 of 4)"
    # the cohort selector: everyone, and each cohort
    assert f'href="{url()}" aria-current="page">All students</a>' in html
    assert f'href="{url(work["cohort"])}"' in html and f'href="{url(work["other"])}"' in html

    html = client.get(url(work["other"])).content.decode()
    assert "Cohort Turma B: 1 student." in html
    assert cell(row(html, "question-sigmoid-vs-step"), "first-try") == "0%"


@pytest.mark.django_db
def test_instructor_cannot_open_a_cohort_she_does_not_teach(client, work):
    client.force_login(work["cohort"].instructors.get())
    html = client.get(url()).content.decode()
    assert "All students" not in html  # she does not see everyone
    assert client.get(url(work["other"])).status_code == 404


@pytest.mark.django_db
def test_students_are_refused_and_visitors_sent_to_log_in(client, work):
    response = client.get(url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))

    client.force_login(work["alice"])
    assert client.get(url()).status_code == 403


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_students(client, work, softmax_exercise, django_user_model):
    client.force_login(work["cohort"].instructors.get())
    with CaptureQueriesContext(connection) as before:
        assert client.get(url()).status_code == 200
    for i in range(4):
        user = django_user_model.objects.create_user(f"extra{i}", password="extra-password-1")
        Enrollment(cohort=work["cohort"], user=user).save()
        answer(user, "sigmoid-vs-step", "faster", expect_correct=False)
        submit(user, softmax_exercise, 10, [check("shape", True), check("values", True)], minutes=3)
    with CaptureQueriesContext(connection) as after:
        html = client.get(url()).content.decode()
    assert "Cohort Turma A: 7 students." in html
    assert len(after.captured_queries) == len(before.captured_queries)
    assert len(after.captured_queries) <= 20


@pytest.mark.django_db
def test_choices_orderings_and_gates_are_shown_by_their_texts(client, people):
    alice, bob, dora = people["alice"], people["bob"], people["dora"]
    # the same set of options, chosen in two orders, is one answer
    answer(alice, "gru-gates", ["forget", "update"], expect_correct=False)
    answer(bob, "gru-gates", ["update", "forget"], expect_correct=False)
    answer(alice, "keras-workflow", ["compile", "define", "fit", "evaluate", "predict"], expect_correct=False)
    answer(alice, "xor-gate-composition", {"A": "OR", "B": "OR", "C": "NOT"}, expect_correct=False)
    answer(bob, "xor-gate-composition", {"A": "OR", "B": "OR", "C": "NOT"}, expect_correct=False)
    weights = {"A": {"w": [1.001, 1], "b": -1.5}, "B": "AND", "C": "NOT"}
    answer(dora, "xor-gate-composition", weights, expect_correct=False)
    client.force_login(people["cohort"].instructors.get())
    html = client.get(url()).content.decode()

    gru = row(html, "question-gru-gates")
    answers = re.findall(r'<span class="answer">(.*?)</span> <span class="count">\((\d+) times?\)', gru)
    assert len(answers) == 1 and answers[0][1] == "2"
    assert answers[0][0].startswith("Porta de atualização (")  # its math is left to KaTeX
    assert answers[0][0].endswith(" + Porta de esquecimento separada")

    keras = row(html, "question-keras-workflow")
    assert "Compilar (<code>compile</code>: otimizador, perda, métricas) → Definir o modelo" in keras

    xor = row(html, "question-xor-gate-composition")
    answers = re.findall(r'<span class="answer">(.*?)</span> <span class="count">\((\d+) times?\)', xor)
    assert answers == [("A: OR; B: OR; C: NOT", "2"), ("A: w = [1, 1], b = -1.5; B: AND; C: NOT", "1")]


@pytest.mark.django_db
def test_a_students_history_names_the_options_she_chose_by_their_text(client, work):
    bob = work["bob"]  # chose "faster", then "continuous", on sigmoid-vs-step; 3.004 on perceptron-outputs
    client.force_login(work["cohort"].instructors.get())
    html = client.get(reverse("classroom:student", args=["redes-neurais", bob.pk])).content.decode()
    assert WRONG_OPTION in html and ">faster<" not in html
    assert "3.004" in html  # a number stays exactly as she typed it
