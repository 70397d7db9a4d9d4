"""Checks of gradient-descent: each function on small inputs, then logistic regression trained with the
student's own update_weights (one example at a time, several epochs, chained in one sandbox run) and
scored with the student's output_formula on test points whose labels never leave the harness."""

import numpy as np

from grader.accuracy import accuracy_check
from grader.api import Check, ResultOf, call, same_as_reference
from grader.compare import describe_type
from grader.datasets import blobs
from grader.i18n import _
from grader.outcome import Rejected, fail

RTOL = 1e-7
EPOCHS, LEARNRATE, N_TRAIN, N_TEST, CURVE_EVERY = 5, 0.1, 60, 200, 20
THRESHOLD = 0.9


def _probabilities(value, m: int) -> np.ndarray:
    if not isinstance(value, np.ndarray) or value.shape != (m,):
        raise Rejected(
            fail(
                "shape",
                _("output_formula() on a batch of {m} rows should return an array of shape ({m},), got {got}").format(
                    m=m, got=describe_type(value)
                ),
            )
        )
    return value.astype(np.float64)


def training_calls(rng, X, y):
    """update_weights chained example by example, output_formula on the training set every CURVE_EVERY steps
    (for the learning curve). Returns (calls, [(step, index of its output_formula call)], index of the last update)."""
    weights, bias = rng.normal(0, 1 / np.sqrt(X.shape[1]), size=X.shape[1]), 0.0
    calls, curve, last = [call("output_formula", X, weights, bias)], [(0, 0)], None
    for _epoch in range(EPOCHS):
        for i in rng.permutation(len(y)):
            w, b = (weights, bias) if last is None else (ResultOf(last)[0], ResultOf(last)[1])
            calls.append(call("update_weights", X[i], float(y[i]), w, b, LEARNRATE))
            last = len(calls) - 1
            if (len(curve) * CURVE_EVERY) == sum(c.function == "update_weights" for c in calls):
                calls.append(call("output_formula", X, ResultOf(last)[0], ResultOf(last)[1]))
                curve.append((len(curve) * CURVE_EVERY, len(calls) - 1))
    return calls, curve, last


def checks(ctx):
    rng = ctx.rng
    X, y, X_test, y_test = blobs(rng, N_TRAIN, N_TEST)
    calls, curve, last = training_calls(rng, X, y)
    calls.append(call("output_formula", X_test, ResultOf(last)[0], ResultOf(last)[1]))

    def predictions_of(got):
        return (_probabilities(got[-1], N_TEST) > 0.5).astype(int)

    def curve_of(got):
        costs = []
        for _step, index in curve:
            p = np.clip(_probabilities(got[index], N_TRAIN), 1e-12, 1 - 1e-12)
            costs.append(float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))))
        return [s for s, _i in curve], costs

    x, w, b = np.array([1.0, 2.0]), np.array([0.5, -0.25]), 0.1
    batch, weights = rng.normal(size=(6, 3)), rng.normal(size=3)
    return [
        Check("sigmoid([-1, 0, 2])", call("sigmoid", np.array([-1.0, 0.0, 2.0])), same_as_reference(RTOL)),
        Check("output_formula de um exemplo", call("output_formula", x, w, b), same_as_reference(RTOL)),
        Check(
            "output_formula de um lote de linhas", call("output_formula", batch, weights, -0.3), same_as_reference(RTOL)
        ),
        Check(
            "error_formula",
            [
                call("error_formula", 1, 0.52497918747894),
                call("error_formula", 0, 0.2),
                call("error_formula", np.array([1.0, 0.0, 1.0]), np.array([0.9, 0.3, 0.05])),
            ],
            same_as_reference(RTOL),
        ),
        Check(
            "update_weights: um passo",
            [call("update_weights", x, 1, w, b, 0.1), call("update_weights", x, 0, w, b, 0.5)],
            same_as_reference(RTOL),
            weight=2,
        ),
        accuracy_check(
            f"treino com update_weights: acurácia em pontos novos ≥ {THRESHOLD}",
            calls,
            predictions_of=predictions_of,
            labels=y_test.astype(int),
            threshold=THRESHOLD,
            function="output_formula",
            what="update_weights() + output_formula()",
            curve_of=curve_of,
            weight=4,
        ),
        Check(
            "update_weights com outros valores",
            call("update_weights", rng.normal(size=4), 1, rng.normal(size=4), -0.7, 0.05),
            same_as_reference(RTOL),
            hidden=True,
        ),
    ]
