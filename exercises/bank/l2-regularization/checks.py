"""Checks of l2-regularization: the regularized cost, the gradients with (λ/m)·W on the weights only, and a
numerical gradient check of the student's backward against the student's own forward and regularized cost.

The slides' weight-decay factor (1 − αλ/(2m), i.e. (λ/(2m))·W in dW) passes the cost checks and fails every
gradient check: the gradients weigh 9 of 12, so it keeps at most 4.5/12 (the gradient check's db are right),
and the judge names it."""

import numpy as np

from grader.api import Check, ResultOf, call, same_as_reference
from grader.datasets import labels, network
from grader.gradcheck import gradient_check, max_abs_output_preactivation, min_abs_preactivation, scalar_cost
from grader.i18n import _
from grader.outcome import fail

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
    """A 3-layer net whose hidden pre-activations stay away from the ReLU kink, and the sigmoid output away from
    saturation, where log(1 − AL) would drown the numerical gradient in rounding noise."""
    while True:
        params, X = network(rng, dims), rng.normal(size=(dims[0], m))
        if min_abs_preactivation(X, params) > 1e-3 and max_abs_output_preactivation(X, params) < 4:
            return X, params, labels(rng, m)


def _l2_term(got, expected, c) -> str | None:
    """Names a wrong factor of the L2 term when every dW is the plain gradient plus that factor times W."""
    X, _Y, cache, lambd = c.args
    if not isinstance(got, dict) or not lambd:
        return None
    m = X.shape[1]
    weights = {"dW1": cache[2], "dW2": cache[6], "dW3": cache[10]}
    factors = []
    for key, W in weights.items():
        dW = got.get(key)
        if not isinstance(dW, np.ndarray) or dW.shape != W.shape:
            return None
        plain = expected[key] - lambd / m * W
        factors.append(float(np.sum((dW - plain) * W) / np.sum(W * W)) / (lambd / m))
        if not np.allclose(dW, plain + factors[-1] * lambd / m * W, rtol=RTOL, atol=1e-9):
            return None
    function = c.function + "()"
    if all(abs(f - 0.5) < 1e-6 for f in factors):
        return _(
            "{function}: each dW gets (λ/(2m))·W, half the L2 term: the derivative of (λ/(2m))·ΣW² is (λ/m)·W, "
            "so weight decay multiplies W by (1 − αλ/m), not (1 − αλ/(2m))"
        ).format(function=function)
    if all(abs(f) < 1e-6 for f in factors):
        return _("{function}: the dW have no L2 term: add (λ/m)·W to each dW (not to the db)").format(function=function)
    return None


def regularized_gradients():
    """The gradients dW and db as the reference's, naming a wrong L2 factor when that is the difference."""
    same = same_as_reference(RTOL, keys=GRADIENT_KEYS)

    def judge(got, expected, calls):
        outcome = same(got, expected, calls)
        if outcome.passed:
            return outcome
        for g, e, c in zip(got, expected, calls):
            named = _l2_term(g, e, c)
            if named:
                return fail("values", named)
        return outcome

    return judge


def _penalty_ratio(got, expected, c) -> float | None:
    """How many times the reference's L2 cost term the student's term is (her cost minus the cross-entropy)."""
    AL, Y, _parameters, lambd = c.args
    if not lambd or not isinstance(got, (int, float, np.number, np.ndarray)) or np.size(got) != 1:
        return None
    cross_entropy = float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))
    return (float(np.reshape(got, ())) - cross_entropy) / (float(expected) - cross_entropy)


def regularized_cost():
    """The cost as the reference's, naming a wrong factor of the L2 term when that is the difference."""
    same = same_as_reference(1e-7)

    def judge(got, expected, calls):
        outcome = same(got, expected, calls)
        if outcome.passed:
            return outcome
        for g, e, c in zip(got, expected, calls):
            ratio = _penalty_ratio(g, e, c)
            if ratio is None:
                continue
            m = c.args[1].shape[1]
            function = c.function + "()"
            if abs(ratio - 2) < 1e-6:
                return fail(
                    "values",
                    _("{function}: the L2 term is twice too large: it is (λ/(2m))·ΣW², not (λ/m)·ΣW²").format(
                        function=function
                    ),
                )
            if abs(ratio - m) < 1e-6 * m:
                return fail(
                    "values",
                    _("{function}: divide the L2 term by m as well: it is (λ/(2m))·ΣW²").format(function=function),
                )
            if abs(ratio) < 1e-6:
                return fail(
                    "values",
                    _("{function}: the cost has no L2 term: add (λ/(2m))·ΣW² over every W").format(function=function),
                )
        return outcome

    return judge


def checks(ctx):
    rng = ctx.rng
    forward = ctx.reference.forward_propagation
    X, params, Y = _net(rng, [3, 4, 3, 1], 5)
    A3, cache = forward(X, params)
    slide_A3, slide_cache = forward(SLIDE_X, SLIDE_PARAMETERS)
    hidden_X, hidden_params, hidden_Y = _net(rng, [5, 6, 4, 1], 9)
    hidden_A3, hidden_cache = forward(hidden_X, hidden_params)
    lambd = 0.7
    grads = regularized_gradients()
    cost = regularized_cost()
    return [
        Check(
            _("cost of the example with λ = 0 and λ = 0.1"),
            [
                call("compute_cost_with_regularization", slide_A3, SLIDE_Y, SLIDE_PARAMETERS, 0.0),
                call("compute_cost_with_regularization", slide_A3, SLIDE_Y, SLIDE_PARAMETERS, 0.1),
            ],
            cost,
        ),
        Check(
            _("regularized cost of a 3 → 4 → 3 → 1 net"),
            call("compute_cost_with_regularization", A3, Y, params, lambd),
            cost,
        ),
        Check(
            _("gradients of the example with λ = 0.1"),
            call("backward_propagation_with_regularization", SLIDE_X, SLIDE_Y, slide_cache, 0.1),
            grads,
        ),
        Check(
            _("dW and db of a 3 → 4 → 3 → 1 net"),
            call("backward_propagation_with_regularization", X, Y, cache, lambd),
            grads,
            weight=3,
        ),
        gradient_check(
            _("numerical gradient check (λ = 0.7)"),
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
            sign_hint="dZ3",
            examples=X.shape[1],
            weight=3,
        ),
        Check(
            _("cost of another net"),
            call("compute_cost_with_regularization", hidden_A3, hidden_Y, hidden_params, 1.3),
            cost,
            hidden=True,
        ),
        Check(
            _("gradients of another net"),
            call("backward_propagation_with_regularization", hidden_X, hidden_Y, hidden_cache, 1.3),
            grads,
            hidden=True,
            weight=2,
        ),
    ]
