"""Checks of gradient-check: the student's gradient_check_n on correct gradients (a tiny difference, equal
to the reference's within the rounding noise of ε = 1e-7) and on gradients with a bug the harness injects
(a large difference, equal to the reference's), with ε = 1e-7, 1e-4 and 1e-3: a one-sided difference
shows only with the larger ε. A visible failure says which usual slip the value matches."""

import numpy as np

from grader.api import Check, call
from grader.compare import compare_scalars
from grader.datasets import labels, network
from grader.gradcheck import min_abs_preactivation
from grader.i18n import _
from grader.outcome import fail, ok

FUNCTION = "gradient_check_n()"
DIMS = [4, 5, 3, 1]  # the network of gc_utils.forward_propagation_n
RTOL = 1e-5


def _net(rng, m, bug):
    """Parameters, X and Y with every hidden pre-activation far from the ReLU kink (|Z| > 0.02 ≫ ε), on
    which ``bug`` changes the gradients (a dead layer would make "dW2 doubled" no bug at all)."""
    while True:
        parameters, X, Y = network(rng, DIMS), rng.normal(size=(DIMS[0], m)), labels(rng, m)
        if min_abs_preactivation(X, parameters) <= 0.02:
            continue
        right, wrong = (_vector(backward(X, Y, parameters, b)) for b in ("", bug))
        if np.linalg.norm(right) > 0.01 and np.linalg.norm(right - wrong) > 0.1 * np.linalg.norm(right):
            return parameters, X, Y


def _vector(gradients):
    return np.concatenate([gradients["d" + k].reshape(-1) for k in _keys()])


def _cost(X, Y, p):
    A1 = np.maximum(p["W1"] @ X + p["b1"], 0)
    A2 = np.maximum(p["W2"] @ A1 + p["b2"], 0)
    A3 = 1 / (1 + np.exp(-(p["W3"] @ A2 + p["b3"])))
    return float(-np.mean(Y * np.log(A3) + (1 - Y) * np.log(1 - A3)))


def backward(X, Y, p, bug=""):
    """The gradients of the 3-layer net, as a backward_propagation_n returns them, with an optional bug."""
    m = X.shape[1]
    Z1 = p["W1"] @ X + p["b1"]
    A1 = np.maximum(Z1, 0)
    Z2 = p["W2"] @ A1 + p["b2"]
    A2 = np.maximum(Z2, 0)
    A3 = 1 / (1 + np.exp(-(p["W3"] @ A2 + p["b3"])))
    dZ3 = A3 - Y
    dW3 = dZ3 @ A2.T / m
    db3 = np.sum(dZ3, axis=1, keepdims=True) / (1 if bug == "db3 without 1/m" else m)
    dA2 = p["W3"].T @ dZ3
    dZ2 = dA2 * (A2 > 0)
    dW2 = dZ2 @ A1.T / m * (2 if bug == "dW2 doubled" else 1)
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = p["W2"].T @ dZ2
    dZ1 = dA1 if bug == "no relu derivative in layer 1" else dA1 * (A1 > 0)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {
        "dZ3": dZ3,
        "dW3": dW3,
        "db3": db3,
        "dA2": dA2,
        "dZ2": dZ2,
        "dW2": dW2,
        "db2": db2,
        "dA1": dA1,
        "dZ1": dZ1,
        "dW1": dW1,
        "db1": db1,
    }


def _keys(layers=3):
    return [prefix + str(layer) for layer in range(1, layers + 1) for prefix in ("W", "b")]


def _slips(parameters, gradients, X, Y, epsilon=1e-7) -> list[tuple[float, str]]:
    """What the usual slips return on these arguments, with the message that names each."""
    theta = np.concatenate([parameters[k].reshape(-1) for k in _keys()])
    grad = _vector(gradients)

    def cost(vector):
        p, start = {}, 0
        for k in _keys():
            size = parameters[k].size
            p[k] = vector[start : start + size].reshape(parameters[k].shape)
            start += size
        return _cost(X, Y, p)

    def moved(i, step):
        vector = theta.copy()
        vector[i] += step
        return cost(vector)

    plus = np.array([moved(i, epsilon) for i in range(theta.size)])
    minus = np.array([moved(i, -epsilon) for i in range(theta.size)])
    centered = (plus - minus) / (2 * epsilon)
    together = np.full(theta.size, (cost(theta + epsilon) - cost(theta - epsilon)) / (2 * epsilon))

    def relative(approx):
        return float(np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx)))

    numerator = float(np.linalg.norm(grad - centered))
    return [
        (
            relative((plus - cost(theta)) / epsilon),
            _("use the centered difference (J(θ + ε) - J(θ - ε)) / (2ε), not the one-sided (J(θ + ε) - J(θ)) / ε"),
        ),
        (relative(plus - minus), _("divide J(θ + ε) - J(θ - ε) by 2ε")),
        (relative((plus - minus) / epsilon), _("divide J(θ + ε) - J(θ - ε) by 2ε, not by ε")),
        (relative(together), _("move one parameter at a time: θ + ε only in entry i, the others unchanged")),
        (
            numerator / float(np.linalg.norm(grad + centered)),
            _("the denominator is ||grad|| + ||gradapprox||, not ||grad + gradapprox||"),
        ),
        (numerator / float(np.linalg.norm(grad)), _("the denominator is ||grad|| + ||gradapprox||, not ||grad||")),
        (numerator, _("return the relative difference: divide ||grad - gradapprox|| by ||grad|| + ||gradapprox||")),
    ]


def difference(atol: float):
    """The student's value equals the reference's (within ``atol`` for the rounding noise of small ones)."""

    def judge(got, expected, calls):
        for value, reference, c in zip(got, expected, calls):
            outcome = compare_scalars(value, reference, rtol=RTOL, atol=atol, what=FUNCTION)
            if outcome.passed:
                continue
            if outcome.kind == "values":
                for slip, hint in _slips(*c.args):
                    if np.isclose(float(value), slip, rtol=RTOL, atol=atol):
                        return fail("values", outcome.message + "; " + hint)
            return outcome
        return ok()

    return judge


def checks(ctx):
    rng = ctx.rng
    parameters, X, Y = _net(rng, 6, "dW2 doubled")
    other_parameters, other_X, other_Y = _net(rng, 8, "db3 without 1/m")
    third_parameters, third_X, third_Y = _net(rng, 5, "no relu derivative in layer 1")
    right = backward(X, Y, parameters)
    return [
        Check(
            _("correct gradients: a tiny difference (ε = 1e-7)"),
            call("gradient_check_n", parameters, right, X, Y),
            difference(atol=1e-7),
            weight=2,
        ),
        Check(
            _("a bug in dW2: a large difference"),
            call("gradient_check_n", parameters, backward(X, Y, parameters, "dW2 doubled"), X, Y),
            difference(atol=1e-9),
            weight=2,
        ),
        Check(
            _("correct gradients with ε = 1e-3"),
            call("gradient_check_n", parameters, right, X, Y, 1e-3),
            difference(atol=1e-10),
            weight=2,
        ),
        Check(
            _("a bug in db3, other data"),
            call(
                "gradient_check_n",
                other_parameters,
                backward(other_X, other_Y, other_parameters, "db3 without 1/m"),
                other_X,
                other_Y,
            ),
            difference(atol=1e-9),
            hidden=True,
            weight=2,
        ),
        Check(
            _("correct gradients with ε = 1e-4, other data"),
            call(
                "gradient_check_n",
                other_parameters,
                backward(other_X, other_Y, other_parameters),
                other_X,
                other_Y,
                1e-4,
            ),
            difference(atol=1e-9),
            hidden=True,
        ),
        Check(
            _("a bug in the ReLU derivative of layer 1"),
            call(
                "gradient_check_n",
                third_parameters,
                backward(third_X, third_Y, third_parameters, "no relu derivative in layer 1"),
                third_X,
                third_Y,
            ),
            difference(atol=1e-9),
            hidden=True,
        ),
    ]
