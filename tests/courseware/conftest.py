"""Fixtures of the courseware tests. The personas (student, other_student, instructor) come from
tests/conftest.py; here: the shipped course loaded through the real command, and helpers to answer
through the site as a browser with htmx would."""

import io
import json
import shutil

import pytest
from django.core.management import call_command
from django.urls import reverse

from courseware.models import Question
from courseware.tokens import option_token
from tests.conftest import COURSE_CONTENT as CONTENT


@pytest.fixture(autouse=True)
def english(english):
    """Every courseware test reads the English msgids (tests/conftest.py)."""
    yield


@pytest.fixture
def course(shipped_course):
    return shipped_course


@pytest.fixture
def course_copy(tmp_path):
    """A private copy of the shipped course folder, for tests that break or change files."""
    dest = tmp_path / "redes-neurais"
    shutil.copytree(CONTENT, dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def quiz_answer(slug, seed=None) -> dict:
    args = ["quiz", "answer", slug, "--json"] + (["--seed", str(seed)] if seed is not None else [])
    return json.loads(run(*args))


def quiz_check(slug, answer, seed=None) -> dict:
    args = ["quiz", "check", slug, json.dumps(answer), "--json"] + (["--seed", str(seed)] if seed is not None else [])
    return json.loads(run(*args))


def lesson_url(slug: str) -> str:
    question = Question.objects.select_related("quiz__module__course").get(slug=slug)
    module = question.quiz.module
    return reverse("courseware:lesson", args=[module.course.slug, module.slug])


def answer_url(slug: str) -> str:
    question = Question.objects.select_related("quiz__module__course").get(slug=slug)
    module = question.quiz.module
    return reverse("courseware:answer", args=[module.course.slug, module.slug, slug])


def post_answer(client, slug: str, data: dict, attempt: int):
    return client.post(answer_url(slug), {**data, "attempt": attempt}, HTTP_HX_REQUEST="true")


def form_fields(kind: str, answer, *, user=None, slug: str = "", attempt: int = 0) -> dict:
    """The form fields the question's page would send for ``answer`` (engine format). Options and
    ordering items go as the tokens the page gives ``user`` for question ``slug`` and her attempt."""

    def token(key):
        assert slug, "a choice or ordering answer needs the question's slug (and the student)"
        return option_token(user, slug, attempt, key)

    if kind == "numeric":
        return {"value": str(answer)}
    if kind == "vector":
        return {f"v{i}": str(v) for i, v in enumerate(answer)}
    if kind == "matrix":
        return {f"m{i}_{j}": str(v) for i, row in enumerate(answer) for j, v in enumerate(row)}
    if kind == "single":
        return {"choice": token(answer)}
    if kind == "multiple":
        return {"choice": [token(key) for key in answer]}
    if kind == "ordering":
        return {f"pos{i}": token(key) for i, key in enumerate(answer)}
    fields = {}
    for name, setting in answer.items():
        if isinstance(setting, str):
            fields[f"gate_{name}"] = setting
        else:
            fields[f"gate_{name}"] = "WEIGHTS"
            fields.update({f"w_{name}_{k}": str(w) for k, w in enumerate(setting["w"])})
            fields[f"b_{name}"] = str(setting["b"])
    return fields
