"""Known mistakes recognised from the error they raise, for ``Check.explain``.

A check whose calls crash on a known wrong idea (the slides' ``parameters["W" + str(L)]`` inside the
loop of ``L_model_forward`` raises ``KeyError: 'W6'``) names the idea in words, before the error.
"""

import re
from collections.abc import Callable

import numpy as np

from .i18n import _
from .sandbox.client import Call, CallOutcome

_MISSING_LAYER = re.compile(r"^KeyError: '[Wb](?P<layer>\d+)'$")


def layer_count_of_parameters(position: int = 1) -> Callable[[Call], int | None]:
    """The number of layers of the parameters dict passed as argument ``position`` of the call."""

    def count(c: Call) -> int | None:
        parameters = c.args[position] if len(c.args) > position else None
        if not isinstance(parameters, dict):
            return None
        return len([k for k in parameters if str(k).startswith("W")])

    return count


def layer_count_of_dims(position: int = 2) -> Callable[[Call], int | None]:
    """The number of layers of the ``layers_dims`` passed as argument ``position`` of the call."""

    def count(c: Call) -> int | None:
        dims = c.args[position] if len(c.args) > position else c.kwargs.get("layers_dims")
        return len(dims) - 1 if isinstance(dims, (list, tuple)) else None

    return count


def layer_count_of_model_calls(c: Call) -> int | None:
    """For ``model(X, Y, layers_dims, ...)`` and ``predict(X, parameters)``: the number of layers of the net."""
    return layer_count_of_dims(2)(c) if c.function != "predict" else layer_count_of_parameters(1)(c)


def layer_index(layers_of: Callable[[Call], int | None], function: str = "L_model_forward"):
    """``explain`` for calls that run an L-layer forward pass written with the slides' indices.

    With L = len(parameters), which counts W and b, the slides' loop asks for W[L] = W[2n] at its first
    step (``KeyError: 'W6'`` for 3 layers); with the right loop index it fails at W[n + 1]. A forward pass
    that uses W[L] with the right L fails on shapes: recognised when the call's parameters are known and
    the same pass, run here, raises the same error."""

    def explain(c: Call, outcome: CallOutcome) -> str | None:
        n = layers_of(c)
        if not n:
            return None
        error = outcome.error or ""
        match = _MISSING_LAYER.match(error)
        if match:
            layer = int(match["layer"])
            if layer == 2 * n and n > 1:
                return _(
                    "{function}() uses W[L] for every layer: index the layer with l "
                    '(parameters["W" + str(l)]); and L = len(parameters) counts both W and b, so the '
                    "number of layers is len(parameters) // 2 (the slides' mistake)"
                ).format(function=function)
            if n < layer < 2 * n:
                return _(
                    "{function}(): L = len(parameters) counts both the W and the b of each layer; "
                    "the number of layers is len(parameters) // 2"
                ).format(function=function)
            return None
        if error.startswith("ValueError") and _same_error_as_last_layer_everywhere(c, error):
            return _(
                '{function}() uses W[L] for every layer: index the layer with l (parameters["W" + str(l)])'
            ).format(function=function)
        return None

    return explain


def _same_error_as_last_layer_everywhere(c: Call, error: str) -> bool:
    """Whether a forward pass of (X, parameters) that multiplies by W[L] in every layer raises ``error``."""
    if len(c.args) < 2 or not isinstance(c.args[1], dict) or not isinstance(c.args[0], np.ndarray):
        return False
    X, parameters = c.args[0], c.args[1]
    layers = len([k for k in parameters if str(k).startswith("W")])
    W, b = parameters.get(f"W{layers}"), parameters.get(f"b{layers}")
    if not isinstance(W, np.ndarray) or not isinstance(b, np.ndarray):
        return False
    for product in (np.dot, np.matmul):
        A = X
        try:
            for _layer in range(1, layers):
                A = np.maximum(0, product(W, A) + b)
        except ValueError as exc:
            if error == f"ValueError: {exc}":
                return True
    return False


def own_predict(c: Call, outcome: CallOutcome) -> str | None:
    """``explain`` for a missing ``predict``: the application notebook gave one, with another signature."""
    if c.function != "predict" or outcome.kind != "missing":
        return None
    return _(
        "predict(X, parameters) is part of this exercise: the notebook's dnn_app_utils_v3 gave a "
        "predict(X, y, parameters) that also prints the accuracy; here write your own, returning a (1, m) "
        "array of 0/1 (1 where the output is above 0.5)"
    )


def either(*explainers):
    """The first explanation any of ``explainers`` gives."""

    def explain(c: Call, outcome: CallOutcome) -> str | None:
        for explainer in explainers:
            named = explainer(c, outcome)
            if named:
                return named
        return None

    return explain


_NOTEBOOK_IMPORTS = {"copy": "import copy", "np": "import numpy as np", "math": "import math"}
_UNDEFINED = re.compile(r"^NameError: name '(?P<name>\w+)' is not defined")


def notebook_import(c: Call, outcome: CallOutcome) -> str | None:
    """``explain`` for a module the notebook imported in its first cell (``copy.deepcopy(params)``)."""
    match = _UNDEFINED.match(outcome.error or "")
    statement = _NOTEBOOK_IMPORTS.get(match["name"]) if match else None
    if not statement:
        return None
    return _(
        "{name} is not defined: add `{statement}` at the top of your file (the notebook imports it in its first cell)"
    ).format(name=match["name"], statement=statement)
