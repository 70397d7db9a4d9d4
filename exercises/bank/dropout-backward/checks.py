"""Checks of dropout-backward against the reference, dA * mask / keep_prob, with boolean, 0/1 float and 0/1
int masks, several keep_prob values (never 0.5, where dividing by 1 - keep_prob looks right) and any shape.
A failed visible check says which usual slip the values match."""

import numpy as np

from grader.api import Check, call, same_as_reference
from grader.i18n import _
from grader.outcome import fail

RTOL = 1e-7
FUNCTION = "dropout_backward()"


def _mask(rng, shape, keep_prob, dtype=bool):
    """A mask that keeps some units and drops others."""
    while True:
        mask = rng.random(shape) < keep_prob
        if mask.any() and not mask.all():
            return mask.astype(dtype)


def _slip(got, dA, mask, keep_prob):
    """The message naming the usual slip that ``got`` matches, or None."""
    if not isinstance(got, np.ndarray) or got.shape != dA.shape or got.dtype.kind not in "fiub":
        return None
    kept = mask.astype(float)
    if keep_prob == 1 and not np.all(np.isfinite(got)):
        return _("{what}: divide by keep_prob, not by 1 - keep_prob").format(what=FUNCTION)
    slips = [
        (dA * kept, _("{what}: the kept units must also be divided by keep_prob, as in the forward pass")),
        (dA * kept * keep_prob, _("{what}: multiplies by keep_prob; divide by it, as in the forward pass")),
        (dA / keep_prob, _("{what}: the units dropped in the forward pass must get a zero gradient (use the mask)")),
    ]
    if keep_prob != 1:
        slips.append((dA * kept / (1 - keep_prob), _("{what}: divide by keep_prob, not by 1 - keep_prob")))
    for value, message in slips:
        if np.allclose(got, value, rtol=RTOL, atol=1e-12) and not np.allclose(got, dA * kept / keep_prob):
            return message.format(what=FUNCTION)
    return None


def _against_reference(got, expected, calls):
    outcome = same_as_reference(RTOL)(got, expected, calls)
    if outcome.passed:
        return outcome
    for value, c in zip(got, calls):
        message = _slip(value, *c.args)
        if message:
            return fail("values", message)
    return outcome


def checks(ctx):
    rng = ctx.rng
    example_dA = np.array([[0.5, 1.0, 2.0, -0.25], [1.5, -0.5, -2.0, 1.0]])
    example_mask = np.array([[True, False, True, True], [False, True, True, False]])
    dA = rng.normal(size=(5, 10))
    full_dA = rng.normal(size=(3, 4))
    conv_dA = rng.normal(size=(2, 3, 4))
    hidden_dA = rng.normal(size=(20, 50))
    other_dA = rng.normal(size=(8, 16))
    return [
        Check(
            _("2×4 example, boolean mask, keep_prob = 0.8"),
            call("dropout_backward", example_dA, example_mask, 0.8),
            _against_reference,
            weight=2,
        ),
        Check(
            _("0/1 float mask, keep_prob = 0.7"),
            call("dropout_backward", dA, _mask(rng, dA.shape, 0.7, float), 0.7),
            _against_reference,
            weight=2,
        ),
        Check(
            _("keep_prob = 1: the gradient passes unchanged"),
            call("dropout_backward", full_dA, np.ones(full_dA.shape, dtype=bool), 1.0),
            _against_reference,
        ),
        Check(
            _("an array of three dimensions, keep_prob = 0.6"),
            call("dropout_backward", conv_dA, _mask(rng, conv_dA.shape, 0.6), 0.6),
            _against_reference,
        ),
        Check(
            _("0/1 integer mask, keep_prob = 0.3"),
            call("dropout_backward", hidden_dA, _mask(rng, hidden_dA.shape, 0.3, int), 0.3),
            _against_reference,
            hidden=True,
            weight=2,
        ),
        Check(
            _("boolean mask, keep_prob = 0.9"),
            call("dropout_backward", other_dA, _mask(rng, other_dA.shape, 0.9), 0.9),
            _against_reference,
            hidden=True,
            weight=2,
        ),
    ]
