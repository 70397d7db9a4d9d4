"""Checks of adam against the reference: bias-corrected moments, ε outside the square root (gradients near
1e-6 make ε inside the root visible), t = 1 and later steps, the default hyper-parameters."""

import numpy as np

from grader.api import Check, call, same_as_reference
from grader.datasets import network

RTOL = 1e-6


def _state(rng, dims, grad_scale=1.0, moments=False):
    params = network(rng, dims)
    grads = {"d" + k: rng.normal(0, grad_scale, size=v.shape) for k, v in params.items()}
    v = {k: (rng.normal(0, grad_scale, size=g.shape) * 0.1 if moments else np.zeros(g.shape)) for k, g in grads.items()}
    s = {
        k: (rng.uniform(0, grad_scale**2, size=g.shape) * 0.01 if moments else np.zeros(g.shape))
        for k, g in grads.items()
    }
    return params, grads, v, s


def checks(ctx):
    rng = ctx.rng
    first = _state(rng, [3, 2, 1])
    later = _state(rng, [4, 3, 1], moments=True)
    tiny = _state(rng, [3, 3, 1], grad_scale=1e-6)
    hidden = _state(rng, [5, 4, 3, 1], moments=True)
    hidden_tiny = _state(rng, [4, 2, 1], grad_scale=2e-6, moments=True)
    return [
        Check(
            "primeiro passo (t = 1), valores padrão",
            call("update_parameters_with_adam", *first, 1),
            same_as_reference(RTOL),
            weight=2,
        ),
        Check(
            "passo t = 5 com momentos acumulados",
            call("update_parameters_with_adam", *later, 5, learning_rate=0.02, beta1=0.9, beta2=0.999, epsilon=1e-8),
            same_as_reference(RTOL),
            weight=2,
        ),
        Check(
            "gradientes perto de 1e-6 (ε fora da raiz)",
            call("update_parameters_with_adam", *tiny, 1, 0.01, 0.9, 0.999, 1e-8),
            same_as_reference(RTOL),
            weight=3,
        ),
        Check(
            "outros hiperparâmetros",
            call("update_parameters_with_adam", *hidden, 12, 0.005, 0.8, 0.99, 1e-7),
            same_as_reference(RTOL),
            hidden=True,
            weight=2,
        ),
        Check(
            "gradientes pequenos depois de vários passos",
            call("update_parameters_with_adam", *hidden_tiny, 3),
            same_as_reference(RTOL),
            hidden=True,
            weight=2,
        ),
    ]
