"""Checks of l-model-forward: AL and the caches for nets with at least two hidden layers of different widths
(the slides' index bug, parameters["W" + str(L)] inside the loop, shows only then). A forward pass that
crashes on the slides' indices is told so in words (grader.diagnoses)."""

from grader.api import Check, call, same_as_reference
from grader.datasets import network
from grader.diagnoses import layer_count_of_parameters, layer_index
from grader.i18n import _

RTOL = 1e-7
SLIDES_INDEX = layer_index(layer_count_of_parameters(1))


def checks(ctx):
    rng = ctx.rng
    X = rng.normal(size=(4, 3))
    params = network(rng, [4, 5, 3, 1])
    hidden_X = rng.normal(size=(5, 7))
    deep = network(rng, [5, 6, 4, 3, 1])
    shallow = network(rng, [3, 1])
    return [
        Check(
            _("AL and caches of a 4 → 5 → 3 → 1 net"),
            call("L_model_forward", X, params),
            same_as_reference(RTOL),
            weight=3,
            explain=SLIDES_INDEX,
        ),
        Check(
            _("a single layer (L = 1)"),
            call("L_model_forward", rng.normal(size=(3, 4)), shallow),
            same_as_reference(RTOL),
            explain=SLIDES_INDEX,
        ),
        Check(
            _("a deeper net"),
            call("L_model_forward", hidden_X, deep),
            same_as_reference(RTOL),
            hidden=True,
            weight=3,
        ),
    ]
