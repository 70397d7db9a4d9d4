"""Checks of conv-forward: Z of a multi-channel convolution over (m, H, W, C) with bias, against the reference
(the cache is not graded): cross-correlation, zero padding on axes 1 and 2 only, stride, output
⌊(n + 2p − f)/s⌋ + 1, rectangular inputs; feedback names the usual mistakes when Z is exactly what they give."""

import numpy as np

from grader.api import Check, call
from grader.compare import compare_arrays, describe_type
from grader.i18n import _, join_messages
from grader.outcome import Outcome, fail, ok

RTOL, ATOL = 1e-7, 1e-9
EXAMPLE_A = np.arange(1.0, 33.0).reshape(1, 4, 4, 2) % 7 - 3  # the statement's A_prev


def _example_filters():
    W = np.zeros((3, 3, 2, 2))
    W[:, :, 0, 0] = [[1, 2, 0], [0, -1, 1], [0, 0, 0]]
    W[:, :, 1, 0] = [[0, 0, 1], [1, 0, 0], [0, 2, 0]]
    W[:, :, 0, 1] = [[0, 0, 1], [0, 1, 0], [-1, 0, 0]]
    W[:, :, 1, 1] = [[1, -1, 0], [2, 0, 0], [0, 1, 3]]
    return W


EXAMPLE_W = _example_filters()
EXAMPLE_B = np.array([1.0, -2.0]).reshape(1, 1, 1, 2)


def _output_size(n, f, stride, pad, rounding=np.floor):
    return int(rounding((n + 2 * pad - f) / stride)) + 1


def _hints(Z, expected, args, conv):
    """Words for the usual mistakes, when Z is exactly what that mistake gives."""
    A_prev, W, b, hparameters = args
    stride, pad = hparameters["stride"], hparameters["pad"]
    (_m, n_H_prev, n_W_prev, _c), f = A_prev.shape, W.shape[0]
    if Z.shape != expected.shape:
        ceil = tuple(_output_size(n, f, stride, pad, np.ceil) for n in (n_H_prev, n_W_prev))
        unpadded = tuple(_output_size(n, f, stride, 0) for n in (n_H_prev, n_W_prev))
        if Z.shape[1:3] == ceil:
            return [_("the output size rounds down: n_H = ⌊(n_H_prev + 2·pad − f) / stride⌋ + 1")]
        if Z.shape[1:3] == unpadded:
            return [_("pad A_prev with pad zeros on each side of axes 1 and 2 before sliding the filters")]
        return []
    flipped = conv(A_prev, W[::-1, ::-1], b, hparameters)[0]
    known = [
        (flipped, _("do not flip the filters: the layer is a cross-correlation")),
        (expected - b, _("add the bias b[0, 0, 0, c] of each output channel")),
    ]
    return [hint for variant, hint in known if np.allclose(Z, variant, RTOL, ATOL)]


def z_matches(conv):
    def judge(got, expected, calls):
        for value, reference, one_call in zip(got, expected, calls):
            if not isinstance(value, (tuple, list)) or len(value) != 2:
                return fail(
                    "count",
                    _("conv_forward() should return the tuple (Z, cache), got {got}").format(got=describe_type(value)),
                )
            outcome = compare_arrays(value[0], reference[0], rtol=RTOL, atol=ATOL, what="conv_forward()[0] (Z)")
            if outcome.passed:
                continue
            hints = _hints(value[0], reference[0], one_call.args, conv) if isinstance(value[0], np.ndarray) else []
            return Outcome(False, join_messages(": ", [outcome.message, *hints]), outcome.kind) if hints else outcome
        return ok()

    return judge


def _layer(rng, m, n_H, n_W, n_C_prev, n_C, f):
    A_prev = rng.normal(size=(m, n_H, n_W, n_C_prev))
    return A_prev, rng.normal(size=(f, f, n_C_prev, n_C)), rng.normal(size=(1, 1, 1, n_C))


def _conv(A_prev, W, b, stride, pad):
    return call("conv_forward", A_prev, W, b, {"stride": stride, "pad": pad})


def checks(ctx):
    rng = ctx.rng
    judge = z_matches(ctx.reference.conv_forward)
    same = _layer(rng, 2, 5, 5, 3, 4, 3)
    rectangular = _layer(rng, 2, 7, 8, 3, 2, 3)
    pointwise = _layer(rng, 3, 4, 5, 4, 3, 1)
    large = _layer(rng, 4, 10, 13, 3, 5, 4)
    wide = _layer(rng, 2, 9, 11, 2, 3, 5)
    return [
        Check(
            _("example of the statement"),
            [_conv(EXAMPLE_A, EXAMPLE_W, EXAMPLE_B, 1, 0), _conv(EXAMPLE_A, EXAMPLE_W, EXAMPLE_B, 2, 1)],
            judge,
        ),
        Check(_("2 images 5 × 5 × 3, 4 filters 3 × 3, pad 1"), _conv(*same, 1, 1), judge, weight=2),
        Check(_("rectangular images, stride 2 (the size rounds down)"), _conv(*rectangular, 2, 0), judge, weight=2),
        Check(_("1 × 1 filters mix the channels"), _conv(*pointwise, 1, 0), judge),
        Check(_("larger rectangular batch, stride 2, pad 1"), _conv(*large, 2, 1), judge, hidden=True, weight=3),
        Check(_("5 × 5 filters, stride 3, pad 2"), _conv(*wide, 3, 2), judge, hidden=True),
    ]
