"""Checks of l-model-backward: dW1…dWL and db1…dbL against the reference (dA keys are not graded) and a
numerical gradient check of the student's own L_model_backward against the student's own L_model_forward."""

import numpy as np

from grader.api import Check, ResultOf, call, same_as_reference
from grader.compare import describe_type
from grader.datasets import labels, network
from grader.gradcheck import gradient_check, max_abs_output_preactivation, min_abs_preactivation
from grader.i18n import _
from grader.outcome import Rejected, fail

RTOL = 1e-6


def _gradient_keys(expected: dict) -> list[str]:
    return [k for k in expected if k.startswith(("dW", "db"))]


def _net(rng, dims, m):
    """Parameters and inputs with every hidden pre-activation away from the ReLU kink, and the sigmoid output away from
    saturation, where log(1 − AL) would drown the numerical gradient in rounding noise."""
    while True:
        params, X = network(rng, dims), rng.normal(size=(dims[0], m))
        if min_abs_preactivation(X, params) > 1e-3 and max_abs_output_preactivation(X, params) < 4:
            return X, params, labels(rng, m)


def _caches(ctx, X, params):
    return ctx.reference.L_model_forward(X, params)


def _cost(Y):
    def cost_of(outputs):
        value = outputs[0]
        AL = value[0] if isinstance(value, tuple) and len(value) == 2 else None
        if not isinstance(AL, np.ndarray) or AL.shape != Y.shape:
            raise Rejected(
                fail(
                    "type",
                    _("L_model_forward() should return (AL, caches) with AL of shape {shape}, got {got}").format(
                        shape=Y.shape, got=describe_type(AL if AL is not None else value)
                    ),
                )
            )
        AL = AL.astype(np.float64)
        return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))

    return cost_of


def checks(ctx):
    rng = ctx.rng
    X, params, Y = _net(rng, [3, 4, 3, 1], 5)
    AL, caches = _caches(ctx, X, params)
    hidden_X, hidden_params, hidden_Y = _net(rng, [4, 5, 3, 2, 1], 6)
    hidden_AL, hidden_caches = _caches(ctx, hidden_X, hidden_params)
    one_X, one_params, one_Y = _net(rng, [3, 1], 4)
    one_AL, one_caches = _caches(ctx, one_X, one_params)
    grads_only = same_as_reference(RTOL, keys=_gradient_keys)
    return [
        Check(_("dW and db of a 3 → 4 → 3 → 1 net"), call("L_model_backward", AL, Y, caches), grads_only, weight=3),
        Check(_("a single layer (L = 1)"), call("L_model_backward", one_AL, one_Y, one_caches), grads_only),
        gradient_check(
            _("numerical gradient check"),
            parameters=params,
            function="L_model_backward",
            analytic=[call("L_model_forward", X, params), call("L_model_backward", ResultOf(0)[0], Y, ResultOf(0)[1])],
            gradients_of=lambda outputs: outputs[1],
            probe=lambda theta: [call("L_model_forward", X, theta)],
            cost_of=_cost(Y),
            against="L_model_forward()",
            sign_hint="dAL",
            examples=X.shape[1],
            weight=3,
        ),
        Check(
            _("a deeper net"),
            call("L_model_backward", hidden_AL, hidden_Y, hidden_caches),
            grads_only,
            hidden=True,
            weight=3,
        ),
    ]
