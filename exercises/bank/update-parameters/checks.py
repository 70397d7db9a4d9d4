"""Checks of update-parameters: W[l] - α dW[l] and b[l] - α db[l] for every layer, the last one included; grads
may also hold dA keys, as L_model_backward returns them. The newest notebook's update_parameters starts with
copy.deepcopy(params): a missing `import copy` is told so."""

from grader.api import Check, call, same_as_reference
from grader.datasets import network
from grader.diagnoses import notebook_import
from grader.i18n import _

RTOL = 1e-7


def _grads(rng, parameters, with_dA=False):
    grads = {"d" + k: rng.normal(size=v.shape) for k, v in parameters.items()}
    if with_dA:  # as L_model_backward returns them: dA0 ... dA(L-1), which update_parameters ignores
        grads |= {f"dA{layer - 1}": rng.normal(size=(3, 2)) for layer in range(1, len(parameters) // 2 + 1)}
    return grads


def checks(ctx):
    rng = ctx.rng
    two = network(rng, [3, 4, 1])
    three = network(rng, [4, 5, 3, 1])
    hidden = network(rng, [6, 5, 4, 3, 1])
    return [
        Check(
            _("two layers"),
            call("update_parameters", two, _grads(rng, two), 0.1),
            same_as_reference(RTOL),
            weight=2,
            explain=notebook_import,
        ),
        Check(
            _("three layers, grads with dA keys"),
            call("update_parameters", three, _grads(rng, three, with_dA=True), 0.01),
            same_as_reference(RTOL),
            weight=2,
            explain=notebook_import,
        ),
        Check(
            _("four layers, another learning rate"),
            call("update_parameters", hidden, _grads(rng, hidden), 1.2),
            same_as_reference(RTOL),
            hidden=True,
            weight=2,
        ),
    ]
