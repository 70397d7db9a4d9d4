"""Checks of linear-backward: dA_prev = W^T dZ, dW and db divided by m, db of shape (n, 1), both activations."""

import numpy as np

from grader.api import Check, call, same_as_reference
from grader.i18n import _

RTOL = 1e-7


def _layer(rng, n, n_prev, m):
    """A cache ((A_prev, W, b), Z) with Z away from 0, so that relu_backward's mask is clear."""
    A_prev, W, b = rng.normal(size=(n_prev, m)), rng.normal(size=(n, n_prev)), rng.normal(size=(n, 1))
    Z = W @ A_prev + b
    Z = np.where(np.abs(Z) < 0.05, 0.05, Z)
    return (A_prev, W, b), Z


def checks(ctx):
    rng = ctx.rng
    linear_cache, Z = _layer(rng, 3, 4, 5)
    dZ, dA = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    hidden_cache, hidden_Z = _layer(rng, 5, 6, 8)
    hidden_dA = rng.normal(size=(5, 8))
    return [
        Check(
            _("linear_backward: (dA_prev, dW, db)"),
            call("linear_backward", dZ, linear_cache),
            same_as_reference(RTOL),
            weight=3,
        ),
        Check(
            _("linear_backward with m = 1"),
            call("linear_backward", dZ[:, :1], (linear_cache[0][:, :1], *linear_cache[1:])),
            same_as_reference(RTOL),
        ),
        Check(
            _("linear_activation_backward with relu"),
            call("linear_activation_backward", dA, (linear_cache, Z), "relu"),
            same_as_reference(RTOL),
            weight=2,
        ),
        Check(
            _("linear_activation_backward with sigmoid"),
            call("linear_activation_backward", dA, (linear_cache, Z), "sigmoid"),
            same_as_reference(RTOL),
            weight=2,
        ),
        Check(
            _("linear_backward on new inputs"),
            call("linear_backward", hidden_dA, hidden_cache),
            same_as_reference(RTOL),
            hidden=True,
        ),
        Check(
            _("both activations on new inputs"),
            [
                call("linear_activation_backward", hidden_dA, (hidden_cache, hidden_Z), "relu"),
                call("linear_activation_backward", hidden_dA, (hidden_cache, hidden_Z), "sigmoid"),
            ],
            same_as_reference(RTOL),
            hidden=True,
            weight=2,
        ),
    ]
