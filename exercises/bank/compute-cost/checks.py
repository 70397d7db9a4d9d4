"""Checks of compute-cost: the mean cross-entropy as a scalar (a (1, 1) array is a shape error)."""

import numpy as np

from grader.api import Check, call, same_as_reference
from grader.i18n import _

RTOL = 1e-7


def checks(ctx):
    rng = ctx.rng
    m = 20
    Y = (rng.random((1, m)) < 0.5).astype(float)
    AL = rng.uniform(0.05, 0.95, size=(1, m))
    hidden_Y = (rng.random((1, 200)) < 0.5).astype(float)
    return [
        Check(
            _("a small example"),
            call("compute_cost", np.array([[0.8, 0.9, 0.4]]), np.array([[1.0, 1.0, 0.0]])),
            same_as_reference(RTOL),
            weight=2,
        ),
        Check(
            _("integer labels"),
            call("compute_cost", np.array([[0.3, 0.6, 0.2, 0.9]]), np.array([[0, 1, 0, 1]])),
            same_as_reference(RTOL),
        ),
        Check(_("m = 20 examples"), call("compute_cost", AL, Y), same_as_reference(RTOL), weight=2),
        Check(
            _("many examples"),
            call("compute_cost", rng.uniform(0.01, 0.99, size=(1, 200)), hidden_Y),
            same_as_reference(RTOL),
            hidden=True,
            weight=2,
        ),
    ]
