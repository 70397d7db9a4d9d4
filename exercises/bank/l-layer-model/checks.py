"""Checks of l-layer-model: predict on given parameters of a deep net, then model trained in the sandbox on
two moons with two hidden layers and scored on held-out points whose labels never leave the harness.

Learning rate 0.1: at 0.3 the reference diverges on some seeds (AL reaches 1); at 0.1 with noise 0.15 its
held-out accuracy was at least 0.970 over 40 seeds. A forward pass written with the slides' indices crashes;
the feedback names that mistake (grader.diagnoses)."""

from grader.accuracy import same_labels_as_reference, trained_model_check
from grader.api import Check, call
from grader.datasets import moons, network
from grader.diagnoses import either, layer_count_of_model_calls, layer_index, own_predict
from grader.i18n import _

LABELS = same_labels_as_reference()
DIMS, LEARNING_RATE, ITERATIONS, THRESHOLD = [2, 16, 8, 1], 0.1, 3000, 0.9
EXPLAIN = either(layer_index(layer_count_of_model_calls), own_predict)


def checks(ctx):
    rng = ctx.rng
    data = moons(rng, 400, 200, noise=0.15)
    trained = trained_model_check(
        _("model [2, 16, 8, 1] on two moons: accuracy on new points ≥ 0.9"),  # THRESHOLD, as each language writes it
        data,
        layers_dims=DIMS,
        learning_rate=LEARNING_RATE,
        num_iterations=ITERATIONS,
        threshold=THRESHOLD,
        weight=4,
    )
    trained.explain = EXPLAIN
    return [
        Check(
            _("predict of a 2 → 5 → 4 → 1 net"),
            call("predict", data[2][:, :12], network(rng, [2, 5, 4, 1], 2.0)),
            LABELS,
            explain=EXPLAIN,
        ),
        trained,
        Check(
            _("predict of a deeper net"),
            call("predict", data[0][:, :30], network(rng, [2, 6, 5, 3, 1], 2.0)),
            LABELS,
            hidden=True,
        ),
    ]
