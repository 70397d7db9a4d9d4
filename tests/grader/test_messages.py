"""Feedback is made of messages: stored once as data, read later in the language of whoever reads it.

The texts about calls that failed (a missing function, an exception, a chained result that could
not be passed on, a hidden check) are written by the harness in the student's language, never
copied from the sandbox's English; and when every call fails, each distinct error is told once.
"""

import json

import numpy as np
import pytest
from django.utils import translation

from grader import engine
from grader.bank import load_bundle
from grader.compare import compare_arrays
from grader.i18n import Message, _, join_messages, ngettext, render, to_data

from .conftest import SEED

SOLUTION = """
def double(x):
    return 2 * x

def halve(x):
    return x / 2

def pair(x):
    return x, 2 * x
"""

CHECKS = """
from grader.api import Check, ResultOf, call, same_as_reference
from grader.i18n import _


def checks(ctx):
    x = ctx.rng.normal(size=3)
    return [
        Check(_("learning curve"), call("double", x), same_as_reference()),
        Check("halves", call("halve", x), same_as_reference()),
        Check("pair then halve", [call("pair", x), call("halve", ResultOf(0)[1])], same_as_reference()),
        Check("hidden double", call("double", x.reshape(3, 1)), same_as_reference(), hidden=True),
    ]
"""


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    root = tmp_path_factory.mktemp("bank")
    folder = root / "doubling"
    folder.mkdir()
    (folder / "exercise.toml").write_text('title = "Doubling"\nfunctions = ["double", "halve", "pair"]\n')
    (folder / "statement.md").write_text("Double, halve, pair.\n")
    (folder / "starter.py").write_text("def double(x):\n    pass\n")
    (folder / "solution.py").write_text(SOLUTION)
    (folder / "checks.py").write_text(CHECKS)
    return load_bundle("doubling", root)


def grade(bundle, zygote, source, language="en"):
    with translation.override(language):
        return engine.grade(bundle, source, SEED, zygote)


def both(text) -> tuple[str, str]:
    """The text as stored, then read in English and in Portuguese."""
    data = json.loads(json.dumps(to_data(text), allow_nan=False))  # what a JSON column keeps
    return render(data, "en"), render(data, "pt-br")


def failed(verdict, name):
    return next(c for c in verdict.checks if c.name == name)


# -- messages as data --------------------------------------------------------------------------


def test_a_stored_message_reads_in_the_language_asked_for_with_nested_parameters():
    with translation.override("pt-br"):
        outcome = compare_arrays(np.zeros(3), np.zeros((3, 1)), rtol=1e-5, atol=1e-8, what="softmax(x)")
    english, portuguese = both(outcome.message)
    assert english == "softmax(x): expected shape (3, 1), got (3,)"
    assert portuguese != english and "softmax(x)" in portuguese and "(3, 1)" in portuguese
    assert str(outcome.message) == portuguese  # as text it is what it was made in

    with translation.override("en"):
        summary = ngettext("{n} hidden check failed: {names}", "{n} hidden checks failed: {names}", 2).format(
            n=2, names=join_messages(", ", [_("wrong shape"), "vetor [2, 1, 0]"])
        )
    english, portuguese = both("; " + summary)
    assert english == "; 2 hidden checks failed: wrong shape, vetor [2, 1, 0]"
    assert "vetor [2, 1, 0]" in portuguese and "wrong shape" not in portuguese


def test_plain_text_and_unusual_values_survive_storage():
    assert render("texto de um veredito antigo", "en") == "texto de um veredito antigo"
    with translation.override("en"):
        message = _("{what} is {value}").format(what="cost", value=float("nan"))
    assert both(message)[0] == "cost is nan"
    assert isinstance(message, str) and json.loads(json.dumps({"m": message}))["m"] == "cost is nan"


# -- the harness's words about calls -----------------------------------------------------------


def test_every_call_failing_tells_each_distinct_error_once_with_its_function(bundle, zygote):
    source = """
def double(x):
    return np.asarray(x) * 2

def halve(x):
    raise ValueError("not finished")
"""
    verdict = grade(bundle, zygote, source)
    assert verdict.status == engine.ERROR
    message = str(verdict.message)
    assert message.count("double(): your code raised NameError: name 'np' is not defined") == 1
    assert message.count("halve(): your code raised ValueError: not finished") == 1
    assert message.count("function pair() is not defined") == 1
    assert "could not be passed on" not in message  # a consequence, not an error of its own
    english, portuguese = both(verdict.message)
    assert english == message
    assert "não está definida" in portuguese and "ValueError: not finished" in portuguese


def test_a_chained_result_that_cannot_be_passed_on_is_explained_by_the_harness(bundle, zygote):
    source = SOLUTION.replace("return x, 2 * x", "return 2 * x")  # pair() returns one array, not two
    verdict = grade(bundle, zygote, source, language="pt-br")
    check = failed(verdict, "pair then halve")
    english, portuguese = both(check.message)
    assert english == "the value returned by pair() has no item 1"
    assert portuguese == "o valor devolvido por pair() não tem o item 1"


def test_missing_function_and_hidden_check_texts_are_translated(bundle, zygote):
    source = SOLUTION.replace("return 2 * x", "return 2 * x if x.ndim == 1 else x").replace("def pair", "def _pair")
    verdict = grade(bundle, zygote, source, language="pt-br")
    english, portuguese = both(failed(verdict, "pair then halve").message)
    assert english == "function pair() is not defined"
    assert portuguese == "a função pair() não está definida"
    english, portuguese = both(failed(verdict, "hidden double").message)
    assert english == "hidden check of double() failed: wrong values"
    assert portuguese.startswith("verificação oculta de double() falhou")
    english, portuguese = both(verdict.message)
    assert "checks passed" in english and "verificações" in portuguese


def test_a_check_name_given_as_a_message_stays_one(bundle, zygote):
    verdict = grade(bundle, zygote, SOLUTION, language="pt-br")
    assert verdict.score == verdict.max_score
    name = verdict.checks[0].name
    assert isinstance(name, Message) and to_data(name) == {"id": "learning curve"}
    assert both(name) == ("learning curve", "curva de aprendizado")


def test_sys_exit_while_loading_is_told_in_the_students_language(bundle, zygote):
    verdict = grade(bundle, zygote, "import sys\nsys.exit(3)\n", language="pt-br")
    assert verdict.status == engine.ERROR
    english, portuguese = both(verdict.message)
    assert "SystemExit: your code called sys.exit(3)" in english
    assert "sys.exit(3)" in portuguese and "your code" not in portuguese
