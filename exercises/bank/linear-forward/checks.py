"""Checks of linear-forward: Z = W A + b with cache (A, W, b); the activation layer with cache ((A, W, b), Z)."""

import numpy as np

from grader.api import Check, call, same_as_reference
from grader.i18n import _

RTOL = 1e-7


def checks(ctx):
    rng = ctx.rng
    A, W, b = rng.normal(size=(3, 4)), rng.normal(size=(2, 3)), rng.normal(size=(2, 1))
    A2, W2, b2 = rng.normal(size=(5, 7)), rng.normal(size=(4, 5)), rng.normal(size=(4, 1))
    # The slides' worked batch: W = [[0.65, 1.19], [0.69, -0.92]] applied to x = [0.2, 0.7].
    slide_W, slide_x = np.array([[0.65, 1.19], [0.69, -0.92]]), np.array([[0.2], [0.7]])
    return [
        Check(
            _("the lesson's example: W x with b = 0"),
            call("linear_forward", slide_x, slide_W, np.zeros((2, 1))),
            same_as_reference(RTOL),
        ),
        Check(_("linear_forward: (Z, cache)"), call("linear_forward", A, W, b), same_as_reference(RTOL), weight=2),
        Check(
            _("linear_activation_forward with relu"),
            call("linear_activation_forward", A, W, b, "relu"),
            same_as_reference(RTOL),
            weight=2,
        ),
        Check(
            _("linear_activation_forward with sigmoid"),
            call("linear_activation_forward", A, W, b, "sigmoid"),
            same_as_reference(RTOL),
            weight=2,
        ),
        Check(
            _("linear_forward on new inputs"), call("linear_forward", A2, W2, b2), same_as_reference(RTOL), hidden=True
        ),
        Check(
            _("both activations on new inputs"),
            [
                call("linear_activation_forward", A2, W2, b2, "relu"),
                call("linear_activation_forward", A2, W2, b2, "sigmoid"),
            ],
            same_as_reference(RTOL),
            hidden=True,
            weight=2,
        ),
    ]
