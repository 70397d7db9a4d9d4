"""Checks of update-parameters: W[l] - α dW[l] and b[l] - α db[l] for every layer, the last one included."""

from grader.api import Check, call, same_as_reference
from grader.datasets import network
from grader.i18n import _

RTOL = 1e-7


def _grads(rng, parameters):
    return {"d" + k: rng.normal(size=v.shape) for k, v in parameters.items()}


def checks(ctx):
    rng = ctx.rng
    two = network(rng, [3, 4, 1])
    three = network(rng, [4, 5, 3, 1])
    hidden = network(rng, [6, 5, 4, 3, 1])
    return [
        Check(
            _("two layers"), call("update_parameters", two, _grads(rng, two), 0.1), same_as_reference(RTOL), weight=2
        ),
        Check(
            _("three layers"),
            call("update_parameters", three, _grads(rng, three), 0.01),
            same_as_reference(RTOL),
            weight=2,
        ),
        Check(
            _("four layers, another learning rate"),
            call("update_parameters", hidden, _grads(rng, hidden), 1.2),
            same_as_reference(RTOL),
            hidden=True,
            weight=2,
        ),
    ]
