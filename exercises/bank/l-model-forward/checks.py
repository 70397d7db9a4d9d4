"""Checks of l-model-forward: AL and the caches for nets with at least two hidden layers of different widths
(the slides' index bug, parameters["W" + str(L)] inside the loop, shows only then)."""

from grader.api import Check, call, same_as_reference
from grader.datasets import network

RTOL = 1e-7


def checks(ctx):
    rng = ctx.rng
    X = rng.normal(size=(4, 3))
    params = network(rng, [4, 5, 3, 1])
    hidden_X = rng.normal(size=(5, 7))
    deep = network(rng, [5, 6, 4, 3, 1])
    shallow = network(rng, [3, 1])
    return [
        Check(
            "AL de uma rede 4 → 5 → 3 → 1",
            call("L_model_forward", X, params),
            same_as_reference(RTOL, keys=None),
            weight=3,
        ),
        Check(
            "uma camada só (L = 1)", call("L_model_forward", rng.normal(size=(3, 4)), shallow), same_as_reference(RTOL)
        ),
        Check(
            "rede mais profunda",
            call("L_model_forward", hidden_X, deep),
            same_as_reference(RTOL),
            hidden=True,
            weight=3,
        ),
    ]
