"""Checks of activations: (A, cache) with cache = Z for sigmoid and relu; dZ of both backward functions."""

import numpy as np

from grader.api import Check, call, same_as_reference

RTOL = 1e-7


def _away_from_zero(rng, shape, low=0.05, high=3.0):
    """Values of both signs, none near 0, where relu_backward's mask must not be ambiguous."""
    return rng.uniform(low, high, size=shape) * rng.choice([-1.0, 1.0], size=shape)


def checks(ctx):
    rng = ctx.rng
    Z = _away_from_zero(rng, (3, 4))
    dA = rng.normal(size=(3, 4))
    big_Z, big_dA = _away_from_zero(rng, (6, 9)), rng.normal(size=(6, 9))
    fixed = np.array([[-1.0, 0.0, 2.0]])
    return [
        Check("sigmoid de [-1, 0, 2]", call("sigmoid", fixed), same_as_reference(RTOL)),
        Check("sigmoid: (A, cache) de uma matriz", call("sigmoid", Z), same_as_reference(RTOL)),
        Check("relu: (A, cache) de uma matriz", call("relu", Z), same_as_reference(RTOL)),
        Check("sigmoid_backward", call("sigmoid_backward", dA, Z), same_as_reference(RTOL), weight=2),
        Check("relu_backward", call("relu_backward", dA, Z), same_as_reference(RTOL), weight=2),
        Check(
            "sigmoid e relu em entradas novas",
            [call("sigmoid", big_Z), call("relu", big_Z)],
            same_as_reference(RTOL),
            hidden=True,
        ),
        Check(
            "backward em entradas novas",
            [call("sigmoid_backward", big_dA, big_Z), call("relu_backward", big_dA, big_Z)],
            same_as_reference(RTOL),
            hidden=True,
            weight=2,
        ),
    ]
