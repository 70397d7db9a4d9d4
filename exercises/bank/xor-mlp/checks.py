"""Checks of xor-mlp: exact shapes, then the network simulated with the step function on the truth table.

Any weights that compute XOR are accepted; the feedback shows the truth table the student's net computes.
There is no hidden check: the function has no input to hide.
"""

import numpy as np

from grader.api import Check, call
from grader.compare import describe_type
from grader.i18n import _
from grader.outcome import fail, ok

SHAPES = {"W1": (2, 2), "b1": (2, 1), "W2": (1, 2), "b2": (1, 1)}
X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
XOR = np.array([[0, 1, 1, 0]])


def step(t):
    return (t >= 0).astype(int)


def _shapes(got, expected, calls):
    params = got[0]
    if not isinstance(params, dict):
        return fail("type", _("xor_parameters() should return a dict, got {got}").format(got=describe_type(params)))
    missing = [k for k in SHAPES if k not in params]
    if missing:
        return fail("keys", _("xor_parameters() is missing the keys: {keys}").format(keys=", ".join(missing)))
    for key, shape in SHAPES.items():
        value = params[key]
        if not isinstance(value, np.ndarray) or value.dtype.kind not in "fiu":
            return fail(
                "type",
                _("xor_parameters(): {key} should be a numpy array of shape {shape}, got {got}").format(
                    key=key, shape=shape, got=describe_type(value)
                ),
            )
        if value.shape != shape:
            return fail(
                "shape",
                _("xor_parameters(): {key}: expected shape {expected}, got {got}").format(
                    key=key, expected=shape, got=value.shape
                ),
            )
        if not np.all(np.isfinite(value)):
            return fail("nonfinite", _("xor_parameters(): {key} has non-finite values").format(key=key))
    return ok()


def _truth_table(got, expected, calls):
    shapes = _shapes(got, expected, calls)
    if not shapes.passed:
        return shapes
    p = got[0]
    hidden = step(p["W1"] @ X + p["b1"])
    output = step(p["W2"] @ hidden + p["b2"])
    rows = ", ".join(f"({int(a)}, {int(b)}) → {int(o)}" for a, b, o in zip(X[0], X[1], output[0]))
    if np.array_equal(output, XOR):
        return ok(_("your network computes XOR: {rows}").format(rows=rows))
    return fail(
        "values",
        _(
            "xor_parameters(): the network computes {rows}; XOR is (0, 0) → 0, (0, 1) → 1, "
            "(1, 0) → 1, (1, 1) → 0 (step(t) = 1 for t ≥ 0)"
        ).format(rows=rows),
    )


def checks(ctx):
    return [
        Check("formas de W1, b1, W2, b2", call("xor_parameters"), _shapes, reference=False),
        Check("tabela verdade do XOR", call("xor_parameters"), _truth_table, reference=False, weight=4),
    ]
