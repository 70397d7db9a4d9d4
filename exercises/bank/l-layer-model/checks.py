"""Checks of l-layer-model: predict on given parameters of a deep net, then model trained in the sandbox on
two moons with two hidden layers and scored on held-out points whose labels never leave the harness.

Learning rate 0.1: at 0.3 the reference diverges on some seeds (AL reaches 1); at 0.1 with noise 0.15 its
held-out accuracy was at least 0.970 over 40 seeds."""

from grader.accuracy import model_accuracy_check
from grader.api import Check, call, same_as_reference
from grader.datasets import moons, network

EXACT = same_as_reference(rtol=0, atol=1e-12)
DIMS, LEARNING_RATE, ITERATIONS, THRESHOLD = [2, 16, 8, 1], 0.1, 3000, 0.9


def checks(ctx):
    rng = ctx.rng
    data = moons(rng, 400, 200, noise=0.15)
    return [
        Check(
            "predict de uma rede 2 → 5 → 4 → 1",
            call("predict", data[2][:, :12], network(rng, [2, 5, 4, 1], 2.0)),
            EXACT,
        ),
        model_accuracy_check(
            f"model [2, 16, 8, 1] nas duas luas: acurácia em pontos novos ≥ {THRESHOLD}",
            data,
            layers_dims=DIMS,
            learning_rate=LEARNING_RATE,
            num_iterations=ITERATIONS,
            threshold=THRESHOLD,
            weight=4,
        ),
        Check(
            "predict de uma rede mais profunda",
            call("predict", data[0][:, :30], network(rng, [2, 6, 5, 3, 1], 2.0)),
            EXACT,
            hidden=True,
        ),
    ]
