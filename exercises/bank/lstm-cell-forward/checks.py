"""Checks of lstm-cell-forward: a_next, c_next and yt_pred against the reference (the cache is not graded), a
third of the credit each; when the three values are exactly what a usual mistake gives (tanh on the gates, no
forget gate, a_next without tanh, [xt; a_prev]), the feedback names that mistake."""

import numpy as np

from grader.api import Check, call
from grader.compare import compare_arrays, describe_type
from grader.i18n import _, join_messages
from grader.outcome import Outcome, fail, ok

RTOL, ATOL = 1e-7, 1e-10
OUTPUTS = ("a_next", "c_next", "yt_pred")
EXAMPLE = (
    np.array([[1.0, -2.0]]),
    np.array([[0.5, 0.0], [-0.5, 1.0]]),
    np.array([[1.0, -0.5], [0.0, 2.0]]),
    {
        "Wf": np.array([[0.5, 0.0, 1.0], [0.0, 0.5, -1.0]]),
        "bf": np.array([[0.0], [1.0]]),
        "Wi": np.array([[1.0, -1.0, 0.5], [0.0, 0.5, 0.5]]),
        "bi": np.array([[0.0], [0.0]]),
        "Wc": np.array([[1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]]),
        "bc": np.array([[0.5], [0.0]]),
        "Wo": np.array([[0.0, 1.0, 1.0], [1.0, 0.0, -0.5]]),
        "bo": np.array([[0.0], [0.5]]),
        "Wy": np.array([[1.0, -1.0], [2.0, 0.0]]),
        "by": np.array([[0.0], [-1.0]]),
    },
)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _lstm(xt, a_prev, c_prev, p, gate=_sigmoid, forget=True, squash=np.tanh, a_first=True):
    """The cell, or one of the usual mistakes: a harness copy used only to name what went wrong."""
    concat = np.concatenate([a_prev, xt] if a_first else [xt, a_prev], axis=0)
    ft, it, ot = (gate(p["W" + g] @ concat + p["b" + g]) for g in "fio")
    c_next = (ft * c_prev if forget else c_prev) + it * np.tanh(p["Wc"] @ concat + p["bc"])
    a_next = ot * squash(c_next)
    scores = p["Wy"] @ a_next + p["by"]
    e = np.exp(scores - scores.max(axis=0, keepdims=True))
    return a_next, c_next, e / e.sum(axis=0, keepdims=True)


def _diagnosis(values, args) -> list:
    known = [
        (
            dict(gate=np.tanh),
            _("the gates ft, it and ot use the sigmoid (values between 0 and 1); only the candidate cct uses tanh"),
        ),
        (dict(forget=False), _("the forget gate multiplies the old memory: c_next = ft * c_prev + it * cct")),
        (dict(squash=lambda c: c), _("the memory passes through tanh: a_next = ot * tanh(c_next)")),
        (dict(a_first=False), _("concat stacks a_prev above xt: np.concatenate([a_prev, xt], axis=0)")),
    ]
    for mistake, hint in known:
        variant = _lstm(*args, **mistake)
        if all(
            isinstance(v, np.ndarray) and v.shape == w.shape and np.allclose(v, w, RTOL, ATOL)
            for v, w in zip(values, variant)
        ):
            return [hint]
    return []


def cell_matches(got, expected, calls):
    value, reference = got[0], expected[0]
    if not isinstance(value, (tuple, list)) or len(value) != 4:
        return fail(
            "count",
            _("lstm_cell_forward() should return the tuple (a_next, c_next, yt_pred, cache), got {got}").format(
                got=describe_type(value)
            ),
        )
    messages, kinds = [], []
    for index, name in enumerate(OUTPUTS):
        what = f"lstm_cell_forward()[{index}] ({name})"
        outcome = compare_arrays(value[index], reference[index], rtol=RTOL, atol=ATOL, what=what)
        if not outcome.passed:
            messages.append(outcome.message)
            kinds.append(outcome.kind)
    if not messages:
        return ok()
    hints = _diagnosis(value[:3], calls[0].args)
    right = len(OUTPUTS) - len(kinds)
    return Outcome(False, join_messages("; ", [*hints, *messages]), kinds[0], fraction=right / len(OUTPUTS))


def _cell(rng, n_x, n_a, n_y, m, memory=1.0):
    parameters = {}
    for gate in "fico":
        parameters["W" + gate] = rng.normal(0, 0.6, size=(n_a, n_a + n_x))
        parameters["b" + gate] = rng.normal(0, 0.5, size=(n_a, 1))
    parameters["Wy"] = rng.normal(0, 1.0, size=(n_y, n_a))
    parameters["by"] = rng.normal(0, 0.5, size=(n_y, 1))
    xt, a_prev = rng.normal(size=(n_x, m)), rng.uniform(-1, 1, size=(n_a, m))
    return call("lstm_cell_forward", xt, a_prev, rng.normal(0, memory, size=(n_a, m)), parameters)


def checks(ctx):
    rng = ctx.rng
    return [
        Check(_("example of the statement"), call("lstm_cell_forward", *EXAMPLE), cell_matches),
        Check(_("n_x = 3, n_a = 5, n_y = 2, 10 examples"), _cell(rng, 3, 5, 2, 10), cell_matches, weight=3),
        Check(_("a single example (m = 1)"), _cell(rng, 4, 3, 3, 1), cell_matches),
        Check(_("n_x = 4, n_a = 6, n_y = 5, 8 examples"), _cell(rng, 4, 6, 5, 8), cell_matches, hidden=True, weight=3),
        Check(
            _("a large memory c_prev, n_a = 7, 16 examples"),
            _cell(rng, 2, 7, 3, 16, memory=3.0),
            cell_matches,
            hidden=True,
            weight=2,
        ),
    ]
