"""What a review of the shipped course checks on every build: ordering questions whose items can be
told apart, an explanation after every computed answer, and pt-BR numbers written with a decimal
comma wherever a student reads them (lessons, quiz texts with each variant's numbers filled in,
the revealed answers), while code keeps Python's point."""

import math
import re

import pytest

from courseware import engine
from courseware.content import load_course
from courseware.models import Course, Question

from .conftest import CONTENT, answer_url, lesson_url

COURSE = load_course(CONTENT)
QUESTIONS = [(module, q) for module in COURSE.modules if module.quiz for q in module.quiz.questions]
COMPUTED = ("numeric", "vector", "matrix", "ordering")
SEEDS = [None, *range(8)]

CODE = re.compile(r"```.*?```|`[^`]+`", re.S)
# A number with a decimal point, taken whole (digits and dots) so that 1.2.3 is one token.
POINTED = re.compile(r"(?<![\w.])\d+(?:\.\d+)+(?![\w])")
THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")  # 1.100 or 50.000: the pt-BR thousands separator
VERSION_BEFORE = re.compile(r"(?:NumPy|Python|TensorFlow|Keras|Django|versão|version)\s*$", re.I)


def pointed_numbers(text: str) -> list[str]:
    """Numbers written with a decimal point outside code (fenced blocks and `spans`), with context."""
    prose = CODE.sub(" ", text or "")
    found = []
    for match in POINTED.finditer(prose):
        token = match.group(0)
        if THOUSANDS.fullmatch(token) or token.count(".") > 1:
            continue
        if VERSION_BEFORE.search(prose[max(0, match.start() - 20) : match.start()]):
            continue
        found.append(prose[max(0, match.start() - 30) : match.end() + 10].replace("\n", " "))
    return found


def texts_of(question) -> list[str]:
    spec = question.spec
    return [
        question.prompt,
        question.explanation,
        *(o.get(key, "") for o in spec.get("options", []) for key in ("text", "explanation")),
        *(item["text"] for item in spec.get("items", [])),
    ]


def variants_of(question, module):
    seeds = SEEDS if question.generator and question.randomize else [None]
    return [engine.make_variant(question, module.quiz.generators_code, seed) for seed in seeds]


def test_the_number_finder_sees_decimal_points_and_spares_code_versions_and_thousands():
    assert len(pointed_numbers("vale 0.5 e $x = 1.25$")) == 2
    assert pointed_numbers("`keep_prob = 0.8`, ```\nx = 0.1\n```, 1.100 pontos, NumPy 2.1, 1.2.3") == []
    assert pointed_numbers("vale 0,5 e $x = 1{,}25$; capítulo 3. Depois") == []


@pytest.mark.parametrize(
    ("module", "question"), [pytest.param(m, q, id=q.slug) for m, q in QUESTIONS if q.kind in COMPUTED]
)
def test_a_computed_answer_comes_with_an_explanation(module, question):
    assert question.explanation.strip(), f"module {module.number}: {question.slug} has no explanation"


@pytest.mark.parametrize("question", [pytest.param(q, id=q.slug) for _m, q in QUESTIONS if q.kind == "ordering"])
def test_the_items_of_an_ordering_question_can_be_told_apart(question):
    texts = [" ".join(item["text"].lower().split()) for item in question.spec["items"]]
    duplicates = sorted({t for t in texts if texts.count(t) > 1})
    assert not duplicates, f"{question.slug}: items that read the same: {duplicates}"


@pytest.mark.skipif(not COURSE.language.lower().startswith("pt"), reason="the shipped course is pt-BR")
@pytest.mark.parametrize("module", [pytest.param(m, id=m.slug) for m in COURSE.modules])
def test_a_pt_br_lesson_writes_numbers_with_a_decimal_comma(module):
    assert pointed_numbers(module.title + "\n" + module.summary + "\n" + module.body) == []


@pytest.mark.skipif(not COURSE.language.lower().startswith("pt"), reason="the shipped course is pt-BR")
@pytest.mark.parametrize(("module", "question"), [pytest.param(m, q, id=q.slug) for m, q in QUESTIONS])
def test_a_pt_br_quiz_writes_every_variant_s_numbers_with_a_decimal_comma(module, question):
    for variant in variants_of(question, module):
        for text in texts_of(question):
            shown = engine.fill(text, variant.params, COURSE.language)
            assert pointed_numbers(shown) == [], f"seed {variant.seed}"


def test_the_course_description_writes_numbers_with_a_decimal_comma():
    assert pointed_numbers(COURSE.title + "\n" + COURSE.description) == []


# -- through the site -------------------------------------------------------------------------


def _pt(value: float) -> str:
    return repr(value).replace(".", "{,}")


def _page(client, slug) -> str:
    html = client.get(lesson_url(slug)).content.decode()
    return html.split(f'id="q-{slug}"')[1].split("</section>")[0]


@pytest.mark.django_db
def test_a_student_reads_her_numbers_as_the_course_s_language_writes_them(client, course, student):
    question = Question.objects.get(slug="gradient-step")
    client.force_login(student)
    seed = engine.student_seed(student.pk, question.slug, 0)
    params = engine.make_variant(question, question.quiz.generators_code, seed).params
    alpha = params["alpha"]  # 0.1, 0.2 or 0.5, shown in math
    assert rf"\alpha = {_pt(alpha)}" in _page(client, "gradient-step")
    Course.objects.filter(pk=course.pk).update(language="en")
    assert rf"\alpha = {alpha!r}" in _page(client, "gradient-step")


@pytest.mark.django_db
def test_code_keeps_the_point_and_a_list_with_decimals_is_split_by_semicolons(client, course, student):
    client.force_login(student)
    dropout = Question.objects.get(slug="dropout-values")
    seed = engine.student_seed(student.pk, dropout.slug, 0)
    keep = engine.make_variant(dropout, dropout.quiz.generators_code, seed).params["keep_prob"]
    assert f"<code>keep_prob = {keep!r}</code>" in _page(client, "dropout-values")
    assert r"p = [0{,}8;\ 0{,}2]" in _page(client, "kl-close")  # the same p for everyone


@pytest.mark.django_db
def test_a_revealed_answer_and_the_tolerance_are_written_with_a_decimal_comma(client, course, student):
    client.force_login(student)
    question = Question.objects.get(slug="kl-close")
    Question.objects.filter(pk=question.pk).update(cooldown_seconds=0)
    html = ""
    for attempt in range(question.attempts_allowed):
        response = client.post(
            answer_url("kl-close"),
            {"value": "1", "attempt": attempt},
            HTTP_HX_REQUEST="true",
            HTTP_ACCEPT_LANGUAGE="pt-br",
        )
        html = response.content.decode()
    assert "±0,005" in html  # the tolerance of the feedback, in the viewer's language
    shown = re.search(r'<p class="answer">([^<]*)</p>', html).group(1)
    exact = 0.8 * math.log2(0.8 / 0.88) + 0.2 * math.log2(0.2 / 0.12)
    assert "." not in shown and float(shown.replace(",", ".")) == pytest.approx(exact, abs=1e-6)
