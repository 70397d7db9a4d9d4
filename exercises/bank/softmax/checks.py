"""Checks of the softmax exercise: shape, values, columns summing to 1, and scores near ±1000.

Scores of magnitude 1000 (one vector of each sign, a matrix of several columns, a hidden matrix) carry
10 of the 16 weights: the slides' naive np.exp(x) / np.sum(np.exp(x)) gives NaN there, so it keeps at
most 6/16 = 37.5% of the points, and the visible failures say to subtract the maximum. The inputs keep
each column within 20 of the others, so subtracting the maximum of the whole matrix (a common and
correct variant) passes too.
"""

import numpy as np

from grader.api import Check, call
from grader.compare import compare_values
from grader.i18n import _
from grader.outcome import fail, ok
from grader.properties import columns_sum_to_one

RTOL = 1e-6


def _diagnosis(value, expected):
    """A failure that names the mistake behind a wrong result, or None."""
    if not isinstance(value, np.ndarray) or value.shape != expected.shape or value.dtype.kind not in "fc":
        return None
    if not np.all(np.isfinite(value)):
        return fail(
            "nonfinite",
            _(
                "softmax(): the result has NaN or inf: with scores near ±1000, np.exp overflows (e^1000 does not "
                "fit in a float64) or every term underflows to 0. Subtract the maximum of each column before "
                "np.exp: the softmax does not change"
            ),
        )
    if value.ndim == 2 and value.shape[1] > 1 and np.allclose(value.sum(axis=1), 1.0, atol=1e-6):
        if not np.allclose(value.sum(axis=0), 1.0, atol=1e-6):
            return fail(
                "values",
                _(
                    "softmax(): each row sums to 1 (a sum over axis=1, as in the DLS notebook's softmax); here "
                    "each column is one example, so normalize over axis 0 and each column must sum to 1"
                ),
            )
    return None


def matches_reference(got, expected, calls):
    for value, reference in zip(got, expected):
        problem = _diagnosis(value, reference)
        if problem:
            return problem
        outcome = compare_values(value, reference, rtol=RTOL, atol=1e-8, what="softmax()")
        if not outcome.passed:
            return outcome
    return ok()


def checks(ctx):
    rng = ctx.rng
    scores_2d = rng.normal(0, 3, size=(4, 6))
    large_columns = rng.uniform(990, 1010, size=(3, 4))
    return [
        Check(_("vector [2, 1, 0]"), call("softmax", np.array([2.0, 1.0, 0.0])), matches_reference),
        Check(_("list [3.0, 1.0, 0.2]"), call("softmax", [3.0, 1.0, 0.2]), matches_reference),
        Check(
            _("3×2 matrix (one column per example)"),
            call("softmax", np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 8.0]])),
            matches_reference,
        ),
        Check(_("shape (3, 1) kept"), call("softmax", np.array([[1.0], [2.0], [3.0]])), matches_reference),
        Check(_("columns sum to 1"), call("softmax", scores_2d), columns_sum_to_one(), reference=False),
        Check(
            _("large scores (1000, 1001, 1002)"),
            call("softmax", np.array([1000.0, 1001.0, 1002.0])),
            matches_reference,
            weight=2,
        ),
        Check(
            _("large negative scores (−1000, −1001, −1002)"),
            call("softmax", np.array([-1000.0, -1001.0, -1002.0])),
            matches_reference,
            weight=2,
        ),
        Check(
            _("scores near 1000 in several columns"),
            call("softmax", large_columns),
            matches_reference,
            weight=3,
        ),
        Check(_("random matrix"), call("softmax", rng.normal(0, 5, size=(5, 7))), matches_reference, hidden=True),
        Check(
            _("large scores in several columns"),
            call("softmax", rng.uniform(-1010, -990, size=(4, 5)) * rng.choice([-1.0, 1.0])),
            matches_reference,
            hidden=True,
            weight=3,
        ),
    ]
