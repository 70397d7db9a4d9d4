"""Checks of rnn-cell-forward: a_next and yt_pred against the reference (the cache is not graded), half the
credit each; feedback names the usual mistakes (sigmoid for tanh, softmax over the wrong axis, ba left out,
yt_pred from a_prev) when a value is exactly what that mistake gives."""

import numpy as np

from grader.api import Check, call
from grader.compare import compare_arrays, describe_type
from grader.i18n import _, join_messages
from grader.outcome import Outcome, fail, ok

RTOL, ATOL = 1e-7, 1e-10
OUTPUTS = ("a_next", "yt_pred")
EXAMPLE = (
    np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]]),
    np.array([[0.5, -0.5], [0.0, 1.0]]),
    {
        "Waa": np.array([[0.5, -0.2], [0.1, 0.3]]),
        "Wax": np.array([[0.2, -0.4, 0.1], [0.0, 0.3, -0.2]]),
        "Wya": np.array([[1.0, -1.0], [0.5, 0.5]]),
        "ba": np.array([[0.1], [-0.1]]),
        "by": np.array([[0.0], [0.2]]),
    },
)


def _softmax(z, axis=0):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _hints(name, value, expected, args):
    """Words for the usual mistakes, when the value is exactly what that mistake gives."""
    xt, a_prev, p = args
    if not isinstance(value, np.ndarray) or value.shape != expected.shape or value.dtype.kind not in "fiu":
        return []
    if name == "a_next":
        pre = p["Waa"] @ a_prev + p["Wax"] @ xt
        known = [
            (1 / (1 + np.exp(-(pre + p["ba"]))), _("a_next uses tanh, not the sigmoid")),
            (np.tanh(pre), _("add the bias ba inside the tanh")),
        ]
    else:
        scores = p["Wya"] @ np.tanh(p["Waa"] @ a_prev + p["Wax"] @ xt + p["ba"]) + p["by"]
        known = [
            (
                _softmax(scores, axis=1),
                _("the softmax normalizes each column (axis 0): each column of yt_pred sums to 1"),
            ),
            (_softmax(p["Wya"] @ a_prev + p["by"]), _("yt_pred comes from the new state a_next, not from a_prev")),
        ]
    return [hint for variant, hint in known if np.allclose(value, variant, RTOL, ATOL)]


def cell_matches(got, expected, calls):
    value, reference = got[0], expected[0]
    if not isinstance(value, (tuple, list)) or len(value) != 3:
        return fail(
            "count",
            _("rnn_cell_forward() should return the tuple (a_next, yt_pred, cache), got {got}").format(
                got=describe_type(value)
            ),
        )
    messages, kinds = [], []
    for index, name in enumerate(OUTPUTS):
        what = f"rnn_cell_forward()[{index}] ({name})"
        outcome = compare_arrays(value[index], reference[index], rtol=RTOL, atol=ATOL, what=what)
        if not outcome.passed:
            hints = _hints(name, value[index], reference[index], calls[0].args)
            messages.append(join_messages(": ", [outcome.message, *hints]))
            kinds.append(outcome.kind)
    if not messages:
        return ok()
    right = len(OUTPUTS) - len(kinds)
    return Outcome(False, join_messages("; ", messages), kinds[0], fraction=right / len(OUTPUTS))


def _cell(rng, n_x, n_a, n_y, m):
    parameters = {
        "Waa": rng.normal(0, 0.5, size=(n_a, n_a)),
        "Wax": rng.normal(0, 0.5, size=(n_a, n_x)),
        "Wya": rng.normal(0, 1.0, size=(n_y, n_a)),
        "ba": rng.normal(0, 0.5, size=(n_a, 1)),
        "by": rng.normal(0, 0.5, size=(n_y, 1)),
    }
    return call("rnn_cell_forward", rng.normal(size=(n_x, m)), rng.uniform(-1, 1, size=(n_a, m)), parameters)


def checks(ctx):
    rng = ctx.rng
    return [
        Check(_("example of the statement"), call("rnn_cell_forward", *EXAMPLE), cell_matches),
        Check(_("n_x = 3, n_a = 5, n_y = 2, 10 examples"), _cell(rng, 3, 5, 2, 10), cell_matches, weight=3),
        Check(_("a single example (m = 1)"), _cell(rng, 4, 3, 3, 1), cell_matches),
        Check(_("n_x = 4, n_a = 6, n_y = 5, 8 examples"), _cell(rng, 4, 6, 5, 8), cell_matches, hidden=True, weight=3),
        Check(
            _("n_x = 2, n_a = 10, n_y = 3, 20 examples"), _cell(rng, 2, 10, 3, 20), cell_matches, hidden=True, weight=2
        ),
    ]
