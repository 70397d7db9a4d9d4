"""Checks of l2-regularization: the regularized cost, the gradients with (λ/m)·W on the weights only, and a
numerical gradient check of the student's backward against the student's own forward and regularized cost."""

import numpy as np

from grader.api import Check, ResultOf, call, same_as_reference
from grader.datasets import labels, network
from grader.gradcheck import gradient_check, min_abs_preactivation, scalar_cost

RTOL = 1e-6
GRADIENT_KEYS = ["dW1", "db1", "dW2", "db2", "dW3", "db3"]

SLIDE_PARAMETERS = {
    "W1": np.array([[1.0, -0.5], [0.5, 1.0]]),
    "b1": np.array([[0.0], [0.1]]),
    "W2": np.array([[1.0, -1.0], [0.5, 0.5]]),
    "b2": np.array([[0.0], [0.0]]),
    "W3": np.array([[1.0, 2.0]]),
    "b3": np.array([[-0.5]]),
}
SLIDE_X = np.array([[1.0, -1.0, 0.5], [0.5, 2.0, -1.0]])
SLIDE_Y = np.array([[1.0, 0.0, 1.0]])


def _net(rng, dims, m):
    """A 3-layer net whose hidden pre-activations stay away from the ReLU kink."""
    while True:
        params, X = network(rng, dims), rng.normal(size=(dims[0], m))
        if min_abs_preactivation(X, params) > 1e-3:
            return X, params, labels(rng, m)


def checks(ctx):
    rng = ctx.rng
    forward = ctx.reference.forward_propagation
    X, params, Y = _net(rng, [3, 4, 3, 1], 5)
    A3, cache = forward(X, params)
    slide_A3, slide_cache = forward(SLIDE_X, SLIDE_PARAMETERS)
    hidden_X, hidden_params, hidden_Y = _net(rng, [5, 6, 4, 1], 9)
    hidden_A3, hidden_cache = forward(hidden_X, hidden_params)
    lambd = 0.7
    grads = same_as_reference(RTOL, keys=GRADIENT_KEYS)
    cost = same_as_reference(1e-7)
    return [
        Check(
            "custo do exemplo com λ = 0 e λ = 0.1",
            [
                call("compute_cost_with_regularization", slide_A3, SLIDE_Y, SLIDE_PARAMETERS, 0.0),
                call("compute_cost_with_regularization", slide_A3, SLIDE_Y, SLIDE_PARAMETERS, 0.1),
            ],
            cost,
        ),
        Check(
            "custo regularizado de uma rede 3 → 4 → 3 → 1",
            call("compute_cost_with_regularization", A3, Y, params, lambd),
            cost,
            weight=2,
        ),
        Check(
            "gradientes do exemplo com λ = 0.1",
            call("backward_propagation_with_regularization", SLIDE_X, SLIDE_Y, slide_cache, 0.1),
            grads,
        ),
        Check(
            "dW e db de uma rede 3 → 4 → 3 → 1",
            call("backward_propagation_with_regularization", X, Y, cache, lambd),
            grads,
            weight=2,
        ),
        gradient_check(
            "verificação numérica do gradiente (λ = 0.7)",
            parameters=params,
            function="backward_propagation_with_regularization",
            analytic=[
                call("forward_propagation", X, params),
                call("backward_propagation_with_regularization", X, Y, ResultOf(0)[1], lambd),
            ],
            gradients_of=lambda outputs: outputs[1],
            probe=lambda theta: [
                call("forward_propagation", X, theta),
                call("compute_cost_with_regularization", ResultOf(0)[0], Y, theta, lambd),
            ],
            cost_of=lambda outputs: scalar_cost(outputs[1], "compute_cost_with_regularization"),
            against="forward_propagation() + compute_cost_with_regularization()",
            weight=3,
        ),
        Check(
            "custo em outra rede",
            call("compute_cost_with_regularization", hidden_A3, hidden_Y, hidden_params, 1.3),
            cost,
            hidden=True,
        ),
        Check(
            "gradientes em outra rede",
            call("backward_propagation_with_regularization", hidden_X, hidden_Y, hidden_cache, 1.3),
            grads,
            hidden=True,
            weight=2,
        ),
    ]
