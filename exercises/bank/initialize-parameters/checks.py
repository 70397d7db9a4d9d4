"""Checks of initialize-parameters, on properties rather than random values.

Exact shapes, zero biases of shape (n, 1), weights small, non-zero and not symmetric (no two units
of a layer alike). Scalings 0.01, 1/√n (the slides') and He √(2/n) all pass: the standard deviation
of a layer's weights must lie in (0, 2.5·√(2/n)] and no weight may exceed 6·√(2/n) + 0.1.
"""

import numpy as np

from grader.api import Check, call
from grader.compare import describe_type
from grader.i18n import _
from grader.outcome import Outcome, fail, ok


def _layer_problem(params: dict, layer: int, n: int, n_prev: int, function: str) -> Outcome:
    W, b = params[f"W{layer}"], params[f"b{layer}"]
    for key, value, shape in ((f"W{layer}", W, (n, n_prev)), (f"b{layer}", b, (n, 1))):
        if not isinstance(value, np.ndarray) or value.dtype.kind not in "fiu":
            return fail(
                "type",
                _("{function}(): {key} should be a numpy array of shape {shape}, got {got}").format(
                    function=function, key=key, shape=shape, got=describe_type(value)
                ),
            )
        if value.shape != shape:
            return fail(
                "shape",
                _("{function}(): {key}: expected shape {expected}, got {got}").format(
                    function=function, key=key, expected=shape, got=value.shape
                ),
            )
    if np.any(b != 0):
        return fail(
            "property",
            _("{function}(): the biases b{layer} should start at zero").format(function=function, layer=layer),
        )
    if not np.all(np.isfinite(W)) or np.all(W == 0):
        return fail(
            "property",
            _(
                "{function}(): W{layer} is all zeros: every unit of the layer would stay identical "
                "(symmetry); draw small random weights"
            ).format(function=function, layer=layer),
        )
    if n > 1 and np.unique(W, axis=0).shape[0] < n:
        return fail(
            "property",
            _(
                "{function}(): two units of layer {layer} have the same weights (W{layer} has equal "
                "rows), so they would learn the same thing; draw the weights at random"
            ).format(function=function, layer=layer),
        )
    he = np.sqrt(2.0 / n_prev)
    if W.size > 1 and np.std(W) == 0:
        return fail(
            "property",
            _("{function}(): all the weights of W{layer} are equal; draw them at random").format(
                function=function, layer=layer
            ),
        )
    if np.std(W) > 2.5 * he or np.max(np.abs(W)) > 6 * he + 0.1:
        return fail(
            "property",
            _(
                "{function}(): the weights of W{layer} are too large (standard deviation {std:.3g}); "
                "scale them, e.g. by 0.01 or 1/√{n_prev}"
            ).format(function=function, layer=layer, std=float(np.std(W)), n_prev=n_prev),
        )
    return ok()


def well_initialized(dims_of_call):
    """A judge: each call's dict has exactly the layers of ``dims_of_call(call)``, each well initialized."""

    def judge(got, expected, calls):
        for params, c in zip(got, calls):
            function, dims = c.function, dims_of_call(c)
            if not isinstance(params, dict):
                return fail(
                    "type",
                    _("{function}() should return a dict, got {got}").format(
                        function=function, got=describe_type(params)
                    ),
                )
            keys = [f"{p}{layer}" for layer in range(1, len(dims)) for p in ("W", "b")]
            missing = [k for k in keys if k not in params]
            if missing:
                return fail(
                    "keys",
                    _("{function}() is missing the keys: {keys}").format(function=function, keys=", ".join(missing)),
                )
            extra = sorted(set(params) - set(keys))
            if extra:
                return fail(
                    "keys",
                    _("{function}() returned keys that do not belong to a layer: {keys}").format(
                        function=function, keys=", ".join(map(str, extra))
                    ),
                )
            for layer in range(1, len(dims)):
                outcome = _layer_problem(params, layer, dims[layer], dims[layer - 1], function)
                if not outcome.passed:
                    return outcome
        return ok()

    return judge


def _two_layer_dims(c):
    return list(c.args)


def _deep_dims(c):
    return list(c.args[0])


def checks(ctx):
    rng = ctx.rng
    hidden_dims = [int(rng.integers(30, 60)), int(rng.integers(10, 25)), int(rng.integers(5, 9)), 1]
    return [
        Check(
            "initialize_parameters(3, 2, 1)",
            call("initialize_parameters", 3, 2, 1),
            well_initialized(_two_layer_dims),
            reference=False,
        ),
        Check(
            _("initialize_parameters(100, 20, 1): small weights"),
            call("initialize_parameters", 100, 20, 1),
            well_initialized(_two_layer_dims),
            reference=False,
            weight=2,
        ),
        Check(
            "initialize_parameters_deep([5, 4, 3])",
            call("initialize_parameters_deep", [5, 4, 3]),
            well_initialized(_deep_dims),
            reference=False,
        ),
        Check(
            "initialize_parameters_deep([64, 32, 16, 8, 1])",
            call("initialize_parameters_deep", [64, 32, 16, 8, 1]),
            well_initialized(_deep_dims),
            reference=False,
            weight=2,
        ),
        Check(
            _("a two-layer net of another size"),
            call("initialize_parameters", hidden_dims[0], hidden_dims[1], 3),
            well_initialized(_two_layer_dims),
            reference=False,
            hidden=True,
        ),
        Check(
            _("a deep net of another size"),
            call("initialize_parameters_deep", hidden_dims),
            well_initialized(_deep_dims),
            reference=False,
            hidden=True,
            weight=2,
        ),
    ]
