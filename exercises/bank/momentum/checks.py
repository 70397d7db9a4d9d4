"""Checks of momentum: v = β v + (1 − β) dθ and θ − α v for every W and b; returns (parameters, v).

Every argument is passed by position, so the parameter names do not matter."""

import numpy as np

from grader.api import Check, call, same_as_reference
from grader.datasets import network
from grader.i18n import _

RTOL = 1e-7


def _state(rng, dims, zero_velocity):
    params = network(rng, dims)
    grads = {"d" + k: rng.normal(size=v.shape) for k, v in params.items()}
    v = {"d" + k: (np.zeros(v.shape) if zero_velocity else rng.normal(0, 0.5, size=v.shape)) for k, v in params.items()}
    return params, grads, v


def checks(ctx):
    rng = ctx.rng
    first = _state(rng, [3, 2, 1], zero_velocity=True)
    later = _state(rng, [4, 3, 2, 1], zero_velocity=False)
    hidden = _state(rng, [5, 4, 3, 1], zero_velocity=False)
    return [
        Check(
            _("first step (v = 0), β = 0.9"),
            call("update_parameters_with_momentum", *first, 0.9, 0.01),
            same_as_reference(RTOL),
            weight=2,
        ),
        Check(
            _("velocity already accumulated, three layers"),
            call("update_parameters_with_momentum", *later, 0.9, 0.1),
            same_as_reference(RTOL),
            weight=3,
        ),
        Check(
            _("another β and another learning rate"),
            call("update_parameters_with_momentum", *hidden, 0.75, 0.05),
            same_as_reference(RTOL),
            hidden=True,
            weight=2,
        ),
    ]
