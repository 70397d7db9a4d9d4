"""Accuracy on held-out data, with a learning curve.

The harness sends the training data and the test *inputs* into the sandbox; the student's code
trains within the exercise's budget and predicts; the labels of the test set stay in the harness,
inside the judge's closure, and never enter a call. The judge checks that the predictions are a
0/1 array of the labels' shape, computes the accuracy, and compares it with the exercise's
threshold. Feedback gives the accuracy, the threshold and a learning curve (cost per iteration)
drawn as a PNG and attached to the outcome (``Outcome.images``; the engine puts the images of
visible checks into ``Verdict.images``).

Where the costs come from is the exercise's choice (``curve_of``): ``model`` may return
``(parameters, costs)``, and when it returns only ``parameters`` the checks of this bank ask the
student's ``model`` for a few shorter budgets in the same run and compute the cost of each returned
network in the harness (``network_cost``).
"""

import base64
import io
from collections.abc import Callable

import numpy as np

from .api import Check
from .compare import describe_type
from .i18n import _
from .outcome import Outcome, Rejected, fail

Curve = tuple[list[float], list[float]]  # (iterations, costs)


def accuracy_check(
    name: str,
    calls: list,
    *,
    predictions_of: Callable[[list], object],
    labels: np.ndarray,
    threshold: float,
    function: str = "predict",
    curve_of: Callable[[list], Curve | None] | None = None,
    what: str = "",
    chance: float = 0.5,
    weight: float = 1.0,
    hidden: bool = False,
) -> Check:
    """``predictions_of(outputs)`` picks the predictions (0/1) among the calls' outputs, or raises Rejected.

    ``what`` names the student's functions in the feedback ("model() + predict()"). Below the threshold
    the credit falls linearly to 0 at ``chance`` accuracy.
    """
    what = what or f"{function}()"
    labels = np.asarray(labels).copy()  # kept here, in the harness; never part of a call

    def judge(got, expected, _calls):
        images = _curve_images(curve_of, got)
        try:
            predictions = _as_labels(predictions_of(got), labels.shape, function)
        except Rejected as rejected:
            return Outcome(False, rejected.outcome.message, rejected.outcome.kind, images=images)
        accuracy = float(np.mean(predictions == labels))
        values = {"accuracy": accuracy, "threshold": threshold, "n": labels.size, "what": what}
        if accuracy >= threshold:
            return Outcome(
                True,
                _("{what}: accuracy {accuracy:.3f} on {n} test examples (threshold {threshold:.2f})").format(**values),
                images=images,
            )
        fraction = max(0.0, (accuracy - chance) / (threshold - chance))
        text = _("{what}: accuracy {accuracy:.3f} on {n} test examples is below the threshold {threshold:.2f}").format(
            **values
        )
        return Outcome(False, text, "accuracy", fraction=min(fraction, 0.99), images=images)

    return Check(name, calls, judge, weight=weight, hidden=hidden, reference=False)


def _as_labels(value, shape: tuple, function: str) -> np.ndarray:
    if not isinstance(value, np.ndarray):
        raise Rejected(
            fail(
                "type",
                _("{function}() should return a numpy array of shape {shape}, got {got}").format(
                    function=function, shape=shape, got=describe_type(value)
                ),
            )
        )
    if value.shape != shape:
        raise Rejected(
            fail(
                "shape",
                _("{function}(): expected shape {expected}, got {got}").format(
                    function=function, expected=shape, got=value.shape
                ),
            )
        )
    if value.dtype.kind not in "biuf" or not np.all((value == 0) | (value == 1)):
        sample = value.flat[int(np.argmax((value != 0) & (value != 1)))] if value.dtype.kind in "biuf" else value.dtype
        raise Rejected(
            fail(
                "values",
                _(
                    "{function}() should return labels 0 or 1, got values such as {sample} "
                    "(probabilities? compare them with 0.5)"
                ).format(function=function, sample=sample),
            )
        )
    return value.astype(int)


def _curve_images(curve_of, got) -> tuple:
    if curve_of is None:
        return ()
    try:
        curve = curve_of(got)
    except Rejected:
        curve = None
    if not curve or len(curve[0]) < 2:
        return ()
    return ({"name": _("learning curve"), "png_base64": learning_curve_png(*curve)},)


def learning_curve_png(iterations, costs, title: str = "") -> str:
    """The cost per iteration as a small PNG, base64-encoded (matplotlib's Agg backend, no display)."""
    from matplotlib.figure import Figure  # the Agg canvas, without pyplot's global state

    figure = Figure(figsize=(5, 3), dpi=100)
    axes = figure.add_subplot()
    axes.plot(iterations, costs, marker="o" if len(costs) <= 20 else None, markersize=3)
    axes.set_xlabel(_("iteration"))
    axes.set_ylabel(_("cost"))
    axes.set_title(title or _("learning curve"))
    axes.grid(alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


# -- helpers for model(X, Y, ...) exercises -----------------------------------------------------


def parameters_of(value):
    """``model`` may return ``parameters`` or ``(parameters, costs)``: the parameters dict, or None."""
    if isinstance(value, (tuple, list)) and value:
        value = value[0]
    return value if isinstance(value, dict) else None


def costs_of(value) -> list[float] | None:
    """The costs of a ``(parameters, costs)`` return value, when they are a list of finite numbers."""
    if not isinstance(value, (tuple, list)) or len(value) < 2:
        return None
    try:
        costs = np.asarray(value[1], dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        return None
    return [float(c) for c in costs] if costs.size >= 2 and np.all(np.isfinite(costs)) else None


def network_cost(parameters, X: np.ndarray, Y: np.ndarray) -> float | None:
    """Cross-entropy of a [LINEAR → RELU] × (L−1) → LINEAR → SIGMOID net, computed in the harness."""
    try:
        layers = len([k for k in parameters if k.startswith("W")])
        A = X
        for layer in range(1, layers + 1):
            Z = np.asarray(parameters[f"W{layer}"], dtype=float) @ A + np.asarray(parameters[f"b{layer}"], dtype=float)
            A = np.maximum(Z, 0) if layer < layers else 1 / (1 + np.exp(-Z))
        A = np.clip(A, 1e-12, 1 - 1e-12)
        cost = float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return cost if np.isfinite(cost) else None


def model_curve(got: list, budgets: list[int], total: int, X: np.ndarray, Y: np.ndarray) -> Curve | None:
    """The student's own costs when ``got[0]`` is ``(parameters, costs)``; otherwise the harness's cost of
    the networks that ``model`` returned for the shorter ``budgets`` (``got[-len(budgets):]``) and ``total``."""
    costs = costs_of(got[0])
    if costs:
        step = total / len(costs)
        return [round(i * step) for i in range(len(costs))], costs
    points = [(b, network_cost(parameters_of(v), X, Y)) for b, v in zip(budgets, got[-len(budgets) :])]
    points.append((total, network_cost(parameters_of(got[0]), X, Y)))
    points = [(b, c) for b, c in points if c is not None]
    return ([b for b, _c in points], [c for _b, c in points]) if len(points) >= 2 else None


def network_predictions(parameters, X: np.ndarray) -> np.ndarray | None:
    """0/1 predictions of a [LINEAR → RELU] × (L−1) → LINEAR → SIGMOID net, computed in the harness."""
    try:
        layers = len([k for k in parameters if k.startswith("W")])
        A = X
        for layer in range(1, layers + 1):
            Z = np.asarray(parameters[f"W{layer}"], dtype=float) @ A + np.asarray(parameters[f"b{layer}"], dtype=float)
            A = np.maximum(Z, 0) if layer < layers else Z
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return (A > 0).astype(int) if A.shape == (1, X.shape[1]) else None


def trained_model_check(
    name: str,
    data: tuple,
    *,
    layers_dims,
    learning_rate: float,
    num_iterations: int,
    threshold: float,
    curve_budgets: tuple[float, ...] = (0.02, 0.05, 0.1, 0.2, 0.4),
    weight: float = 1.0,
    hidden: bool = False,
) -> Check:
    """``model(X, Y, layers_dims, learning_rate=, num_iterations=)`` alone, its network scored by the harness.

    The held-out predictions come from the returned parameters (a sigmoid output above 0.5), not from the
    student's ``predict``: her ``model`` earns its points even when her
    ``predict`` is wrong or missing (the application notebook gives a ``predict`` of its own), and
    ``predict`` is graded by its own checks. ``X_test`` never enters the sandbox either."""
    from .api import call

    X, Y, X_test, Y_test = data
    budgets = sorted({max(1, round(f * num_iterations)) for f in curve_budgets})
    calls = [call("model", X, Y, layers_dims, learning_rate=learning_rate, num_iterations=num_iterations)]
    calls += [call("model", X, Y, layers_dims, learning_rate=learning_rate, num_iterations=b) for b in budgets]

    def predictions_of(got):
        parameters = parameters_of(got[0])
        if parameters is None:
            raise Rejected(
                fail(
                    "type",
                    _("model() should return the parameters dict (or (parameters, costs)), got {got}").format(
                        got=describe_type(got[0])
                    ),
                )
            )
        predictions = network_predictions(parameters, X_test)
        if predictions is None:
            raise Rejected(
                fail(
                    "keys",
                    _(
                        "model() should return the parameters W1, b1, …, WL, bL of a net with layers_dims = "
                        "{dims}, with W[l] of shape (n[l], n[l-1]) and b[l] of shape (n[l], 1)"
                    ).format(dims=list(layers_dims)),
                )
            )
        return predictions

    return accuracy_check(
        name,
        calls,
        predictions_of=predictions_of,
        labels=Y_test.astype(int),
        threshold=threshold,
        function="model",
        curve_of=lambda got: model_curve(got, budgets, num_iterations, X, Y),
        what="model()",
        weight=weight,
        hidden=hidden,
    )


def same_labels_as_reference() -> Callable:
    """A judge for ``predict``: a 0/1 array of the reference's shape (probabilities are told so), then equal."""
    from .api import same_as_reference

    exact = same_as_reference(rtol=0, atol=1e-12)

    def judge(got, expected, calls):
        for g, e, c in zip(got, expected, calls):
            try:
                _as_labels(g, np.shape(e), c.function)
            except Rejected as rejected:
                return rejected.outcome
        return exact(got, expected, calls)

    return judge
