"""The quiz engine: variants, seeds and grading, shared by the site and ``manage.py quiz``.

A question names a *generator*, a function in its quiz's trusted generator code (a course file,
never student input) called as ``generator(rng)``. ``rng`` is a ``numpy.random.Generator`` seeded by
student × question × attempt, or ``None`` for the fixed variant, which carries the slides' numbers.
It returns ``{"params": {...}, "answer": ...}``: what the prompt shows and the computed answer.
Questions without a generator (choices, ordering) take their answer from their spec.

Answer formats: a number; a list of numbers (vector); a list of lists (matrix); an option key or a
list of keys; for ordering the item keys in order; for gates a mapping from each perceptron to a
gate name or ``{"w": [...], "b": number}``. Numbers match when |x − a| ≤ abs + rel·|a|.
"""

import hashlib
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import gates

KINDS = ("single", "multiple", "numeric", "vector", "matrix", "ordering", "gates")
NUMBER_KINDS = ("numeric", "vector", "matrix")
CHECK_SEEDS = range(5)  # seeded variants tried when a question is validated


class QuestionError(ValueError):
    """A question (or its generator) is malformed: the author's mistake, reported at sync.
    ``field`` names the key of the question's file entry the problem is about, when there is one."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


class AnswerError(ValueError):
    """A student's answer cannot be read; it is refused without costing an attempt."""


@dataclass(frozen=True)
class Variant:
    seed: int | None
    params: dict
    answer: Any


@dataclass(frozen=True)
class Result:
    correct: bool
    score: float
    feedback: str
    details: dict = field(default_factory=dict)


def student_seed(user_id: int, question_slug: str, attempt: int) -> int:
    digest = hashlib.sha256(f"{user_id}:{question_slug}:{attempt}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1  # fits a signed 64-bit column


# -- generators ------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def load_generators(code: str) -> dict:
    """Execute a quiz's trusted generator code once and return its namespace."""
    namespace: dict = {"__name__": "quiz_generators", "np": np, "math": math}
    try:
        exec(compile(code, "<quiz generators>", "exec"), namespace)
    except Exception as error:
        raise QuestionError(f"the generators do not load: {type(error).__name__}: {error}") from error
    return namespace


def to_json(value):
    """Plain JSON types from what a generator returns (numpy arrays and scalars included)."""
    if isinstance(value, np.ndarray):
        return to_json(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise QuestionError("a generator returned a value that is not finite")
        return float(value)
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if value is None or isinstance(value, str):
        return value
    raise QuestionError(f"a generator returned a value that is not JSON: {type(value).__name__}")


def make_variant(question, code: str, seed: int | None) -> Variant:
    """The parameters and computed answer of ``question`` for ``seed`` (None: the fixed variant)."""
    if not question.generator:
        return Variant(seed, {}, _static_answer(question))
    function = load_generators(code).get(question.generator)
    if not callable(function):
        raise QuestionError(f"no generator named {question.generator!r}", "generator")
    rng = np.random.default_rng(seed) if seed is not None and question.randomize else None
    try:
        out = function(rng)
    except Exception as error:
        raise QuestionError(
            f"generator {question.generator!r} failed: {type(error).__name__}: {error}", "generator"
        ) from error
    if not isinstance(out, dict) or set(out) != {"params", "answer"} or not isinstance(out["params"], dict):
        raise QuestionError(
            f"generator {question.generator!r} must return {{'params': {{...}}, 'answer': ...}}", "generator"
        )
    return Variant(seed, to_json(out["params"]), to_json(out["answer"]))


def _static_answer(question):
    spec = question.spec or {}
    if question.kind == "single":
        keys = [o["key"] for o in spec.get("options", []) if o.get("correct")]
        if len(keys) != 1:
            raise QuestionError("a single-choice question needs exactly one option with correct: true")
        return keys[0]
    if question.kind == "multiple":
        keys = [o["key"] for o in spec.get("options", []) if o.get("correct")]
        if not keys:
            raise QuestionError("a multiple-choice question needs at least one option with correct: true")
        return keys
    if question.kind == "ordering":
        return [item["key"] for item in spec.get("items", [])]
    raise QuestionError(f"a {question.kind} question needs a generator: its answer is computed, never typed")


# -- validation of a question ----------------------------------------------------------------


def check_question(question, code: str) -> None:
    """Raise QuestionError unless the spec is sound and every tried variant grades its own answer
    as correct (the fixed variant and a few seeded ones)."""
    if question.kind not in KINDS:
        raise QuestionError(f"unknown kind {question.kind!r}; one of {', '.join(KINDS)}", "kind")
    _check_spec(question)
    seeds = [None, *CHECK_SEEDS] if question.generator and question.randomize else [None]
    for seed in seeds:
        variant = make_variant(question, code, seed)
        texts = [
            question.prompt,
            question.explanation,
            *(o.get(key, "") for o in question.spec.get("options", []) for key in ("text", "explanation")),
        ]
        missing = sorted({name for text in texts for name in missing_placeholders(text, variant.params)})
        if missing:
            raise QuestionError(
                f"the prompt shows parameters the generator does not return: {', '.join(missing)}", "prompt"
            )
        try:
            result = grade(question, variant, variant.answer)
        except AnswerError as error:
            raise QuestionError(
                f"variant seed={seed}: the computed answer is not a valid answer: {error}", "generator"
            ) from error
        if not result.correct:
            raise QuestionError(
                f"variant seed={seed}: the computed answer is graded wrong: {result.feedback}", "generator"
            )


def _check_spec(question) -> None:
    spec = question.spec if isinstance(question.spec, dict) else None
    if spec is None:
        raise QuestionError("spec must be a mapping")
    kind = question.kind
    if kind in NUMBER_KINDS:
        tol = spec.get("tolerance")
        if (
            not isinstance(tol, dict)
            or set(tol) != {"abs", "rel"}
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0 for v in tol.values())
        ):
            raise QuestionError(
                "tolerance must be given explicitly as {abs: number, rel: number}, both >= 0", "tolerance"
            )
        if not question.generator:
            raise QuestionError(f"a {kind} question needs a generator: its answer is computed, never typed")
    if kind in ("single", "multiple"):
        options = spec.get("options")
        _check_keyed(options, "options", need_text=True)
        if question.generator and any("correct" in o for o in options):
            raise QuestionError("with a generator the answer is computed: drop correct: from the options", "options")
    if kind == "ordering":
        _check_keyed(spec.get("items"), "items", need_text=True)
        if len(spec["items"]) < 2:
            raise QuestionError("an ordering question needs at least two items", "items")
    if kind == "gates":
        try:
            gates.validate_network(spec.get("network"))
        except gates.NetworkError as error:
            raise QuestionError(str(error), "network") from error
        if not question.generator:
            raise QuestionError("a gates question needs a generator that computes its target truth table")


def _check_keyed(entries, what: str, *, need_text: bool) -> None:
    if not isinstance(entries, list) or not entries:
        raise QuestionError(f"{what} must be a non-empty list", what)
    keys = [e.get("key") if isinstance(e, dict) else None for e in entries]
    if not all(isinstance(k, str) and re.fullmatch(r"[A-Za-z0-9_-]+", k) for k in keys):
        raise QuestionError(f"every entry of {what} needs a key of letters, digits, - or _", what)
    if len(set(keys)) != len(keys):
        raise QuestionError(f"keys in {what} must be distinct", what)
    if need_text and not all(isinstance(e.get("text"), str) and e["text"].strip() for e in entries):
        raise QuestionError(f"every entry of {what} needs a text", what)


# -- grading ---------------------------------------------------------------------------------


def grade(question, variant: Variant, answer) -> Result:
    """Grade ``answer`` against ``variant``; raise AnswerError when it cannot be read."""
    return _GRADERS[question.kind](question, variant, answer)


def parse_number(value) -> float:
    if isinstance(value, bool):
        raise AnswerError(_("Expected a number."))
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")  # pt-BR decimal comma
        try:
            value = float(text)
        except ValueError:
            raise AnswerError(_("“%(text)s” is not a number.") % {"text": value.strip()[:40]}) from None
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        raise AnswerError(_("Expected a finite number."))
    return float(value)


def close(x: float, ref: float, tolerance: dict) -> bool:
    return abs(x - ref) <= tolerance["abs"] + tolerance["rel"] * abs(ref)


def _tolerance_text(tolerance: dict) -> str:
    separator = decimal_separator(get_language())
    parts = []
    if tolerance["abs"]:
        parts.append(_("±%(abs)s") % {"abs": format_number(tolerance["abs"], separator)})
    if tolerance["rel"]:
        parts.append(_("±%(rel)s%% relative") % {"rel": format_number(tolerance["rel"] * 100, separator)})
    return " + ".join(parts) if parts else _("exact")


def _grade_numeric(question, variant, answer) -> Result:
    x = parse_number(answer)
    tolerance = question.spec["tolerance"]
    if close(x, variant.answer, tolerance):
        return Result(True, 1.0, _("Correct."))
    return Result(False, 0.0, _("Incorrect (tolerance %(tol)s).") % {"tol": _tolerance_text(tolerance)})


def _grade_vector(question, variant, answer) -> Result:
    if not isinstance(answer, list):
        raise AnswerError(_("Expected a list of numbers."))
    values = [parse_number(v) for v in answer]
    ref = variant.answer
    if len(values) != len(ref):
        return Result(False, 0.0, _("Expected %(n)d numbers, got %(m)d.") % {"n": len(ref), "m": len(values)})
    wrong = [i for i, (x, a) in enumerate(zip(values, ref)) if not close(x, a, question.spec["tolerance"])]
    return _entries_result(wrong, question.spec["tolerance"], [str(i + 1) for i in wrong])


def _grade_matrix(question, variant, answer) -> Result:
    if not isinstance(answer, list) or not all(isinstance(row, list) for row in answer):
        raise AnswerError(_("Expected a list of rows (a list of lists of numbers)."))
    values = [[parse_number(v) for v in row] for row in answer]
    ref = variant.answer
    shape = (len(ref), len(ref[0]) if ref else 0)
    if len(values) != shape[0] or any(len(row) != shape[1] for row in values):
        return Result(False, 0.0, _("Expected a %(r)d×%(c)d matrix.") % {"r": shape[0], "c": shape[1]})
    tol = question.spec["tolerance"]
    wrong = [(i, j) for i in range(shape[0]) for j in range(shape[1]) if not close(values[i][j], ref[i][j], tol)]
    return _entries_result(wrong, tol, [f"({i + 1}, {j + 1})" for i, j in wrong])


def _entries_result(wrong: list, tolerance: dict, labels: list[str]) -> Result:
    if not wrong:
        return Result(True, 1.0, _("Correct."), {"wrong": []})
    feedback = _("Incorrect: entries %(entries)s are outside the tolerance (%(tol)s).") % {
        "entries": ", ".join(labels),
        "tol": _tolerance_text(tolerance),
    }
    return Result(False, 0.0, feedback, {"wrong": [list(w) if isinstance(w, tuple) else w for w in wrong]})


def _option_keys(question) -> list[str]:
    return [o["key"] for o in question.spec["options"]]


def _explanations(question, keys) -> dict:
    by_key = {o["key"]: o.get("explanation", "") for o in question.spec["options"]}
    return {k: by_key[k] for k in keys if by_key.get(k)}


def _grade_single(question, variant, answer) -> Result:
    if not isinstance(answer, str) or answer not in _option_keys(question):
        raise AnswerError(_("Choose one of the options."))
    details = {"explanations": _explanations(question, [answer])}
    if answer == variant.answer:
        return Result(True, 1.0, _("Correct."), details)
    return Result(False, 0.0, _("Incorrect."), details)


def _grade_multiple(question, variant, answer) -> Result:
    if isinstance(answer, str):
        answer = [answer]
    keys = _option_keys(question)
    if not isinstance(answer, list) or not all(isinstance(k, str) and k in keys for k in answer):
        raise AnswerError(_("Choose among the options."))
    chosen, right = set(answer), set(variant.answer)
    details = {"explanations": _explanations(question, [k for k in keys if k in chosen])}
    if chosen == right:
        return Result(True, 1.0, _("Correct."), details)
    return Result(
        False, 0.0, _("Incorrect: %(n)d of your choices are wrong or missing.") % {"n": len(chosen ^ right)}, details
    )


def _grade_ordering(question, variant, answer) -> Result:
    keys = [item["key"] for item in question.spec["items"]]
    if not isinstance(answer, list) or sorted(map(str, answer)) != sorted(keys):
        raise AnswerError(_("Put every item in a position, each once."))
    misplaced = sum(1 for a, b in zip(answer, variant.answer) if a != b)
    if not misplaced:
        return Result(True, 1.0, _("Correct."))
    return Result(False, 0.0, _("Incorrect: %(n)d items are out of place.") % {"n": misplaced})


def _grade_gates(question, variant, answer) -> Result:
    network = question.spec["network"]
    try:
        units = gates.parse_assignment(network, answer)
    except gates.AssignmentError as error:
        raise AnswerError(str(error)) from None
    table = gates.truth_table(network, units)
    target = variant.params.get("target")
    got = [row[-1] for row in table]
    wanted = target if isinstance(target, list) and len(target) == len(table) else [None] * len(table)
    details = {
        "inputs": network["inputs"],
        "output": network["output"],
        "truth_table": table,
        "target": target,
        "rows": [[*row, want] for row, want in zip(table, wanted)],
    }
    lines = "; ".join(" ".join(map(str, row[:-1])) + f" → {row[-1]}" for row in table)
    if got == target:
        return Result(True, 1.0, _("Correct. Your network computes: %(table)s.") % {"table": lines}, details)
    return Result(False, 0.0, _("Incorrect. Your network computes: %(table)s.") % {"table": lines}, details)


_GRADERS = {
    "numeric": _grade_numeric,
    "vector": _grade_vector,
    "matrix": _grade_matrix,
    "single": _grade_single,
    "multiple": _grade_multiple,
    "ordering": _grade_ordering,
    "gates": _grade_gates,
}


# -- showing a variant -----------------------------------------------------------------------
#
# Numbers follow the language of the text they are shown in: a pt-BR course writes 0,5 in prose and
# 0{,}5 in math (a bare comma in TeX is followed by a space), and keeps 0.5 inside code spans, where
# the number is Python. Lists with a decimal comma are separated by semicolons, as the lessons write
# them: (0,6; 0,2).


_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s*\|\s*([a-z]+))?\s*\}\}")
_REGIONS = re.compile(r"(```.*?```|`[^`]+`)|(\$\$.*?\$\$|\$[^$]+?\$)", re.S)


def decimal_separator(language: str | None) -> str:
    """The decimal separator of ``language`` from Django's locale formats ("." when unknown)."""
    return str(get_format("DECIMAL_SEPARATOR", lang=language or "en", use_l10n=True)) or "."


def format_number(x, separator: str = ".") -> str:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}".replace(".", separator)


def _has_fraction(value) -> bool:
    if isinstance(value, list):
        return any(_has_fraction(v) for v in value)
    return isinstance(value, float) and not value.is_integer()


def format_value(value, style: str | None = None, separator: str = ".", *, math: bool = False) -> str:
    """``value`` as text; in ``math`` a comma separator is written ``{,}``."""
    shown = "{,}" if math and separator == "," else separator
    if style == "bmatrix" and isinstance(value, list):
        rows = value if value and isinstance(value[0], list) else [[v] for v in value]
        body = r" \\ ".join(" & ".join(format_number(v, shown) for v in row) for row in rows)
        return r"\begin{bmatrix} " + body + r" \end{bmatrix}"
    if isinstance(value, list):
        between = ", "
        if separator == "," and _has_fraction(value):
            between = r";\ " if math else "; "
        return "[" + between.join(format_value(v, None, separator, math=math) for v in value) + "]"
    return format_number(value, shown)


def fill(text: str, params: dict, language: str | None = None) -> str:
    """Replace ``{{ name }}`` (or ``{{ name|bmatrix }}``) by the variant's parameter, its numbers
    written as ``language`` writes them (in prose and math; code spans keep the point)."""
    text = text or ""
    separator = decimal_separator(language)
    regions = [(m.start(), m.end(), "code" if m.group(1) else "math") for m in _REGIONS.finditer(text)]

    def region(position: int) -> str:
        return next((kind for start, end, kind in regions if start <= position < end), "prose")

    def replace(match):
        name, style = match.group(1), match.group(2)
        if name not in params:
            return match.group(0)
        where = region(match.start())
        if where == "code":
            return format_value(params[name], style)
        return format_value(params[name], style, separator, math=where == "math")

    return _PLACEHOLDER.sub(replace, text)


def missing_placeholders(text: str, params: dict) -> list[str]:
    return [m.group(1) for m in _PLACEHOLDER.finditer(text or "") if m.group(1) not in params]
