"""Checks of perceptron-step: step at and around 0, predictions as a (1, m) row, one ordered pass."""

import numpy as np

from grader.api import Check, call, same_as_reference

EXACT = same_as_reference(rtol=1e-9, atol=1e-9)


def _points(rng, m):
    """Points on both sides of a line, as columns, with labels that the initial line gets partly wrong."""
    X = rng.uniform(-2, 2, size=(2, m))
    y = (X[0] + 0.5 * X[1] > 0.2).astype(int).reshape(1, m)
    return X, y


def checks(ctx):
    rng = ctx.rng
    X, y = _points(rng, 12)
    W, b = rng.normal(0, 1, size=(1, 2)), float(rng.normal(0, 0.5))
    hidden_X, hidden_y = _points(rng, 40)
    hidden_W = rng.normal(0, 1, size=(1, 2))
    on_line = np.array([[1.0, 2.0, 0.5], [1.0, -1.0, 0.0]])  # W @ x + b == 0 for the first two columns
    return [
        Check("step(0) = 1", call("step", 0.0), EXACT, weight=2),
        Check("step de números", [call("step", 2.5), call("step", -0.1)], EXACT),
        Check("step de um array", call("step", np.array([[-3.0, -1e-9, 0.0, 1e-9, 4.0]])), EXACT),
        Check("prediction: forma (1, m) e valores", call("prediction", X, W, b), EXACT),
        Check("prediction com pontos sobre a reta", call("prediction", on_line, np.array([[1.0, 1.0]]), -2.0), EXACT),
        Check("perceptron_step: uma passada, ponto a ponto", call("perceptron_step", X, y, W, b, 0.1), EXACT, weight=3),
        Check(
            "perceptron_step com muitos pontos",
            call("perceptron_step", hidden_X, hidden_y, hidden_W, 0.3, 0.05),
            EXACT,
            hidden=True,
            weight=2,
        ),
        Check("prediction em dados novos", call("prediction", hidden_X, hidden_W, -0.3), EXACT, hidden=True),
    ]
