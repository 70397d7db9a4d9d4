"""The declarative API for an exercise's ``checks.py``.

A bundle's ``checks.py`` defines ``checks(ctx) -> list[Check]``. ``ctx.rng`` is a numpy Generator
seeded per submission, so the same submission regraded gets the same inputs. Each check names the
calls to make in the sandbox and how to judge them against the reference solution's outputs on the
same arguments, which the harness computes itself:

    def checks(ctx):
        x = ctx.rng.normal(size=(4, 5))
        return [
            Check("columns of a 4×5 input", call("softmax", x), same_as_reference(rtol=1e-6)),
            Check("columns sum to 1", call("softmax", x), columns_sum_to_one(), hidden=True),
        ]

A judge is any callable ``(got: list, expected: list, calls: list[Call]) -> Outcome``; ``got``
holds the student's return values, one per call, ``expected`` the reference's (or ``None`` when
the check sets ``reference=False``). Judges run in the worker, never in the sandbox.

A call may use what an earlier call of the same check returned, inside the same sandbox run:
``ResultOf(i)`` (i counts the check's own calls) with ``[n]``, ``["key"]`` or ``.unwrap()``:

    Check("accuracy", [call("model", X, Y, dims), call("predict", X_test, ResultOf(0).unwrap())], judge)

The reference's outputs for such a check are chained the same way, from the reference's own results.
A judge may attach images (PNG, base64) to its Outcome; those of visible checks reach the verdict.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .compare import compare_dicts, compare_values
from .outcome import Outcome, fail, ok
from .sandbox.client import Call
from .sandbox.protocol import ResultOf, RngSeed

Judge = Callable[[list, list | None, list[Call]], Outcome]

__all__ = [
    "Call",
    "Check",
    "Context",
    "Outcome",
    "ResultOf",
    "RngSeed",
    "call",
    "fail",
    "judge_each",
    "ok",
    "same_as_reference",
    "shifted",
]


@dataclass
class Context:
    rng: np.random.Generator
    load_reference: Callable[[], object]
    seed: int
    # An instructor's held-out data set (arrays x_train, y_train, x_test, y_test), when the exercise has one.
    dataset: dict | None = None

    @property
    def reference(self):
        """The reference solution's module, imported on first use (a Keras one imports TensorFlow)."""
        return self.load_reference()


@dataclass
class Check:
    name: str
    calls: list[Call] | Call
    judge: Judge
    weight: float = 1.0
    hidden: bool = False
    reference: bool = True  # compute the reference's outputs for these calls
    show_output: bool = True  # show what the student's code printed during a visible check
    description: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    # A visible call that raised: ``explain(call, outcome)`` may name the known mistake behind the error
    # (the slides' KeyError: 'W6'), a sentence shown before it; None when it does not recognise it.
    explain: Callable[[Call, object], str | None] | None = None

    def __post_init__(self):
        if isinstance(self.calls, Call):
            self.calls = [self.calls]


def call(function: str, *args, **kwargs) -> Call:
    return Call(function, tuple(args), dict(kwargs))


def shifted(c: Call, offset: int) -> Call:
    """The call with every ResultOf(i) in its arguments moved to ResultOf(i + offset)."""
    return Call(c.function, _shift(c.args, offset), _shift(c.kwargs, offset))


def _shift(value, offset: int):
    if isinstance(value, ResultOf):
        return value.shifted(offset)
    if isinstance(value, tuple):
        return tuple(_shift(v, offset) for v in value)
    if isinstance(value, list):
        return [_shift(v, offset) for v in value]
    if isinstance(value, dict):
        return {k: _shift(v, offset) for k, v in value.items()}
    return value


def same_as_reference(rtol: float = 1e-5, atol: float = 1e-8, keys=None) -> Judge:
    """Every call's value equals the reference's: exact types, counts, shapes, then values.

    ``keys`` restricts a dict result to those keys (e.g. only dW and db of a gradient dict).
    """

    def judge(got, expected, calls):
        for g, e, c in zip(got, expected, calls):
            what = f"{c.function}()"
            if keys is not None and isinstance(e, dict):
                wanted = keys(e) if callable(keys) else keys
                outcome = compare_dicts(g, e, rtol=rtol, atol=atol, what=what, keys=wanted)
            else:
                outcome = compare_values(g, e, rtol=rtol, atol=atol, what=what)
            if not outcome.passed:
                return outcome
        return ok()

    return judge


def judge_each(per_value: Callable[[object, object, Call], Outcome]) -> Judge:
    """Apply a per-value judge to each call's (got, expected, call)."""

    def judge(got, expected, calls):
        expected = expected or [None] * len(got)
        for g, e, c in zip(got, expected, calls):
            outcome = per_value(g, e, c)
            if not outcome.passed:
                return outcome
        return ok()

    return judge
