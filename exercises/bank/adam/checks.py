"""Checks of adam against the reference: bias-corrected moments, ε outside the square root, t = 1 and later
steps, the default hyper-parameters.

Gradients near 1e-6 make √ŝ as small as ε, where ε inside the root (the slides' formula) takes steps about
a hundred times too short: those checks carry 9 of the 14 weights, so that mistake keeps at most 5/14 of
the points, and a visible failure says where ε belongs. The calls pass every argument by position, so
the keyword names do not matter, and the notebook's 5-tuple (parameters, v, s, v_corrected, s_corrected)
is graded on its first three values.
"""

import numpy as np

from grader.api import Check, call
from grader.compare import compare_values
from grader.datasets import network
from grader.i18n import _
from grader.outcome import fail, ok

RTOL = 1e-6
FUNCTION = "update_parameters_with_adam()"
DEFAULTS = (0.01, 0.9, 0.999, 1e-8)  # learning_rate, beta1, beta2, epsilon


def _state(rng, dims, grad_scale=1.0, moments=False):
    params = network(rng, dims)
    grads = {"d" + k: rng.normal(0, grad_scale, size=v.shape) for k, v in params.items()}
    v = {k: (rng.normal(0, grad_scale, size=g.shape) * 0.1 if moments else np.zeros(g.shape)) for k, g in grads.items()}
    s = {
        k: (rng.uniform(0, grad_scale**2, size=g.shape) * 0.01 if moments else np.zeros(g.shape))
        for k, g in grads.items()
    }
    return params, grads, v, s


def _parameters_with_epsilon_inside(args):
    """The parameters the slides' formula, θ − α v̂ / √(ŝ + ε), gives for these arguments."""
    parameters, grads, v, s, t, *rest = args
    learning_rate, beta1, beta2, epsilon = tuple(rest) + DEFAULTS[len(rest) :]
    updated = {}
    for name, value in parameters.items():
        g = grads["d" + name]
        v_hat = (beta1 * v["d" + name] + (1 - beta1) * g) / (1 - beta1**t)
        s_hat = (beta2 * s["d" + name] + (1 - beta2) * g**2) / (1 - beta2**t)
        updated[name] = value - learning_rate * v_hat / np.sqrt(s_hat + epsilon)
    return updated


def _is_epsilon_inside(value, reference, args) -> bool:
    """The returned parameters are wrong, and they are what ε inside the root gives."""
    if not isinstance(value, (tuple, list)) or not value or not isinstance(value[0], dict):
        return False
    wrong, right, got = _parameters_with_epsilon_inside(args), reference[0], value[0]
    try:
        if all(np.allclose(got[k], right[k], rtol=RTOL, atol=1e-8) for k in right):
            return False
        return all(np.allclose(got[k], wrong[k], rtol=RTOL, atol=1e-8) for k in wrong)
    except (KeyError, TypeError, ValueError):
        return False


def matches_reference(got, expected, calls):
    """(parameters, v, s) equal to the reference's; a 5-tuple is graded on its first three values."""
    for value, reference, c in zip(got, expected, calls):
        if isinstance(value, (tuple, list)) and len(value) == 5:
            value = tuple(value[:3])
        outcome = compare_values(value, reference, rtol=RTOL, atol=1e-8, what=FUNCTION)
        if outcome.passed:
            continue
        if _is_epsilon_inside(value, reference, c.args):
            return fail(
                "values",
                _(
                    "{what}: ε must stay outside the square root: divide by (np.sqrt(s_corrected) + epsilon), "
                    "not by np.sqrt(s_corrected + epsilon). With gradients near 1e-6, √ŝ is as small as ε and "
                    "the two formulas take very different steps"
                ).format(what=FUNCTION),
            )
        return outcome
    return ok()


def checks(ctx):
    rng = ctx.rng
    first = _state(rng, [3, 2, 1])
    later = _state(rng, [4, 3, 1], moments=True)
    tiny = _state(rng, [3, 3, 1], grad_scale=1e-6)
    tiny_later = _state(rng, [4, 3, 1], grad_scale=1e-6, moments=True)
    hidden = _state(rng, [5, 4, 3, 1], moments=True)
    hidden_tiny = _state(rng, [4, 2, 1], grad_scale=2e-6, moments=True)
    adam = "update_parameters_with_adam"
    return [
        Check(
            _("first step (t = 1), default values"),
            call(adam, *first, 1),
            matches_reference,
            weight=2,
        ),
        Check(
            _("step t = 5 with accumulated moments"),
            call(adam, *later, 5, 0.02, 0.9, 0.999, 1e-8),
            matches_reference,
            weight=2,
        ),
        Check(
            _("gradients near 1e-6 (ε outside the root)"),
            call(adam, *tiny, 1, 0.01, 0.9, 0.999, 1e-8),
            matches_reference,
            weight=3,
        ),
        Check(
            _("gradients near 1e-6 at step t = 10"),
            call(adam, *tiny_later, 10),
            matches_reference,
            weight=3,
        ),
        Check(
            _("other hyper-parameters"),
            call(adam, *hidden, 12, 0.005, 0.8, 0.99, 1e-7),
            matches_reference,
            hidden=True,
        ),
        Check(
            _("small gradients after several steps"),
            call(adam, *hidden_tiny, 3),
            matches_reference,
            hidden=True,
            weight=3,
        ),
    ]
