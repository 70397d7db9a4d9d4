"""Checks of softmax-cross-entropy-gradient: the mean cost and dZ = (softmax(Z) - Y) / m against the reference,
with scores near ±1000 and columns of very different scales (a softmax must subtract each column's max), a
square case (a transposed Y does not raise there), and a numerical gradient check of the student's dZ against
her own cost. Most of the weight uses large scores: the slides' naive softmax scores at most 30%."""

import numpy as np

from grader.api import Check, call, same_as_reference
from grader.gradcheck import gradient_check, scalar_cost
from grader.i18n import _
from grader.outcome import Outcome

RTOL = 1e-6
COST = "softmax_cross_entropy_cost"
BACKWARD = "softmax_cross_entropy_backward"


def _one_hot(rng, classes, m):
    return np.eye(classes)[:, rng.integers(0, classes, size=m)]


def _both(Z, Y):
    return [call(COST, Z, Y), call(BACKWARD, Z, Y)]


def _gradient_check(name, Z, Y, weight, hidden=False):
    return gradient_check(
        name,
        parameters={"Z": Z},
        function=BACKWARD,
        analytic=[call(BACKWARD, Z, Y)],
        gradients_of=lambda outputs: {"dZ": outputs[0]},
        probe=lambda theta: [call(COST, theta["Z"], Y)],
        cost_of=lambda outputs: scalar_cost(outputs[0], COST),
        against=COST + "()",
        threshold=1e-6,
        weight=weight,
        hidden=hidden,
    )


def _values(got, expected, calls):
    """Against the reference; non-finite values come with where a softmax loses them."""
    outcome = same_as_reference(RTOL)(got, expected, calls)
    if outcome.kind != "nonfinite":
        return outcome
    hint = _("subtract each column's maximum (np.max(Z, axis=0, keepdims=True)) before np.exp")
    return Outcome(False, outcome.message + "; " + hint, outcome.kind)


def checks(ctx):
    rng = ctx.rng
    lesson_Z, lesson_Y = np.array([[5.0], [2.0], [-1.0], [3.0]]), np.array([[0.0], [0.0], [0.0], [1.0]])
    square_Z, square_Y = rng.normal(0, 2, size=(4, 4)), _one_hot(rng, 4, 4)
    large_Z, large_Y = rng.uniform(990, 1010, size=(3, 6)), _one_hot(rng, 3, 6)
    mixed_Z, mixed_Y = rng.normal(0, 2, size=(3, 5)), _one_hot(rng, 3, 5)
    mixed_Z[:, 2] += 1000.0
    check_Z, check_Y = rng.normal(1000, 2, size=(4, 5)), _one_hot(rng, 4, 5)
    hidden_Z = rng.normal(0, 3, size=(5, 8)) + rng.choice([-900.0, 0.0, 900.0], size=8)
    hidden_Y = _one_hot(rng, 5, 8)
    small_Z, small_Y = rng.normal(0, 2, size=(3, 7)), _one_hot(rng, 3, 7)
    values = _values
    return [
        Check(_("the lesson's example: scores (5, 2, -1, 3), class 4"), _both(lesson_Z, lesson_Y), values),
        Check(_("4 classes and 4 examples"), _both(square_Z, square_Y), values),
        Check(_("scores near 1000, 3 classes and 6 examples"), _both(large_Z, large_Y), values, weight=2),
        Check(_("one column of scores near 1000 among small ones"), _both(mixed_Z, mixed_Y), values),
        _gradient_check(_("numerical gradient check with scores near 1000"), check_Z, check_Y, weight=2),
        Check(
            _("scores near -900, 0 and 900 in different columns"),
            _both(hidden_Z, hidden_Y),
            values,
            hidden=True,
            weight=2,
        ),
        _gradient_check(_("numerical gradient check, 3 classes and 7 examples"), small_Z, small_Y, 1, hidden=True),
    ]
