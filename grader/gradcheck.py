"""Numerical gradient checks against the student's own forward and backward functions.

The harness perturbs each entry of each parameter, θ ± ε (centered differences, float64), and
asks the student's forward code for the cost at every probe; all those calls go into the one
sandbox run with the call of the student's backward function. The judge computes the numerical
gradient from the returned costs and compares it with the analytic one, parameter by parameter:

    relative error = ‖analytic − numerical‖ / (‖analytic‖ + ‖numerical‖)

and names what is wrong ("dW2: relative error 0.41; dW1, db1, db2 fine"), or says when only the
shape is wrong.

A relative error is meaningless when the gradient is itself as small as the noise of the numerical
one (the layers behind a unit that is almost dead can have ‖dW‖ ≈ 1e-9): a parameter also passes
when ‖analytic − numerical‖ is below ``noise_floor``, the error a centered difference makes anyway.

The inputs must keep the cost well conditioned, or a correct gradient still fails: every ReLU away
from its kink (|Z| ≫ ε, ``min_abs_preactivation``) and a sigmoid output away from saturation
(``max_abs_output_preactivation``): with AL = 1 − 2e-6 and Y = 0, log(1 − AL) amplifies the rounding
of AL by 10⁶ and the numerical gradient is off by 1e-6, a thousand times the floor.
"""

from collections.abc import Callable

import numpy as np

from .api import Call, Check, shifted
from .compare import describe_type
from .i18n import _, join_messages, ngettext
from .outcome import Outcome, Rejected, fail, ok

EPSILON = 1e-5  # measured: the reference stays below 1e-8 relative error; 1e-6 reaches 8e-8
THRESHOLD = 1e-7
# Each cost J(θ ± ε) is a float64 that went through a few dozen roundings (a sum over the examples,
# logs, exponentials): it is off by some ulps of its magnitude, so (J+ − J−) / 2ε is off by about
# ulps · 2.2e-16 · |J| / ε per entry; the truncation error of the centered difference adds ε² |J‴| / 6.
# See noise_floor for the measurement behind the margin.
ROUNDING_ULPS = 50


def gradient_check(
    name: str,
    *,
    parameters: dict,
    analytic: list[Call],
    gradients_of: Callable[[list], object],
    probe: Callable[[dict], list[Call]],
    cost_of: Callable[[list], float],
    function: str,
    against: str = "",
    epsilon: float = EPSILON,
    threshold: float = THRESHOLD,
    weight: float = 1.0,
    hidden: bool = False,
    sign_hint: str = "",
    examples: int | None = None,
) -> Check:
    """A check whose calls are ``analytic`` then, for every parameter entry, ``probe(θ + ε)`` and ``probe(θ − ε)``.

    ``gradients_of(outputs of analytic)`` is the student's gradient dict ("dW1", ...);
    ``cost_of(outputs of one probe)`` a float, and both may raise ``Rejected``. ``function``
    names the backward function in the feedback and ``against`` the functions that compute the cost
    (e.g. "forward_propagation() and compute_cost_with_regularization()"). ResultOf in ``probe`` counts
    that probe's calls. ``sign_hint`` names the quantity the backward pass starts from (e.g. "dAL"), which
    the feedback names when every gradient has the wrong sign; ``examples`` is m, named when the gradients
    are off by a factor of m.
    """
    parameters = {k: np.asarray(v, dtype=np.float64) for k, v in parameters.items()}
    calls = list(analytic)
    group = len(probe(parameters))
    for key, value in parameters.items():
        for index in range(value.size):
            for sign in (1.0, -1.0):
                moved = {k: v.copy() for k, v in parameters.items()}
                moved[key].flat[index] += sign * epsilon
                calls += [shifted(c, len(calls)) for c in probe(moved)]

    def judge(got, expected, _calls):
        try:
            analytic_grads = gradients_of(got[: len(analytic)])
            costs = np.array([cost_of(got[i : i + group]) for i in range(len(analytic), len(got), group)])
        except Rejected as rejected:
            return rejected.outcome
        if not isinstance(analytic_grads, dict):
            return fail(
                "type",
                _("{function}() should return a dict of gradients, got {got}").format(
                    function=function, got=describe_type(analytic_grads)
                ),
            )
        numerical, start = {}, 0
        for key, value in parameters.items():
            plus, minus = costs[start : start + 2 * value.size : 2], costs[start + 1 : start + 2 * value.size : 2]
            numerical[key] = ((plus - minus) / (2 * epsilon)).reshape(value.shape)
            start += 2 * value.size
        return compare_gradients(
            analytic_grads,
            numerical,
            parameters,
            function=function,
            threshold=threshold,
            against=against,
            floor=noise_floor(costs, epsilon),
            sign_hint=sign_hint,
            examples=examples,
        )

    return Check(name, calls, judge, weight=weight, hidden=hidden, reference=False, show_output=False)


def noise_floor(costs: np.ndarray, epsilon: float) -> float:
    """The error, per entry, that a centered difference of these costs can make with a right gradient.

    Rounding: ROUNDING_ULPS ulps of the largest |J| (at least 1, since a cost near 0 can still be a
    sum of terms near 1), divided by ε; truncation: ε² (that is ε² |J‴| / 6 with |J‴| up to 6).
    Measured with the references on 30,000 random inputs each of l-model-backward and l2-regularization
    (outputs away from saturation), rounding and truncation together: ‖analytic − numerical‖ / √size
    stayed below 4.4 ulps · |J| / ε, so 50 ulps leave a margin of 11, and the floor (1.2e-9 per entry
    at ε = 1e-5, |J| ≈ 1) stays far below any gradient a wrong formula gives there (‖dW‖ ≈ 1e-3 to 1).
    Before the floor, 38 of 60,000 and 26 of 30,000 of those inputs failed a right gradient.
    A cost that cancels (a sum of large terms of both signs, as Σ W ⊙ Z̃ in batchnorm-backward) is noisier
    than its |J| says (up to 94 ulps there): its inputs must keep every gradient far above the floor, as
    they do (relative error below 1e-7 on 3,000 random inputs)."""
    scale = max(1.0, float(np.max(np.abs(costs)))) if len(costs) else 1.0
    return ROUNDING_ULPS * float(np.finfo(np.float64).eps) * scale / epsilon + epsilon**2


def relative_error(analytic: np.ndarray, numerical: np.ndarray) -> float:
    denominator = np.linalg.norm(analytic) + np.linalg.norm(numerical)
    return 0.0 if denominator == 0 else float(np.linalg.norm(analytic - numerical) / denominator)


def compare_gradients(
    grads: dict,
    numerical: dict,
    parameters: dict,
    *,
    function: str,
    threshold: float,
    against: str = "",
    floor: float = 0.0,
    sign_hint: str = "",
    examples: int | None = None,
) -> Outcome:
    """One verdict per parameter; partial credit for the fraction of parameters that are right.

    A parameter is right when its relative error is below ``threshold`` or when ‖analytic − numerical‖
    is below ``floor`` · √size (the noise of the numerical gradient, see ``noise_floor``). A failure
    starts with what the wrong gradients have in common (the wrong sign, a constant factor, transposed),
    then lists them."""
    problems, fine, kinds, patterns = [], [], [], {}
    for key, expected in numerical.items():
        name = "d" + key
        got = grads.get(name)
        problem, kind = _one_gradient(
            got, expected, name, key, shape=parameters[key].shape, threshold=threshold, floor=floor
        )
        if problem:
            problems.append(problem)
            kinds.append(kind)
            pattern = _pattern(got, expected, examples) if kind in ("gradient", "shape") else None
            patterns.setdefault(pattern, []).append(name)
        else:
            fine.append(name)
    if not problems:
        return ok(_("gradient check passed for {names}").format(names=", ".join(fine)))
    listed = join_messages("; ", problems)
    summary = _summary(patterns, every=not fine, sign_hint=sign_hint, examples=examples)
    if summary:
        listed = join_messages(". ", [summary, listed])
    if against:
        text = _("{function}(), gradient check against the cost computed with {against}: {problems}").format(
            function=function, against=against, problems=listed
        )
    else:
        text = _("{function}(), gradient check: {problems}").format(function=function, problems=listed)
    if fine:
        text = join_messages("; ", [text, _("{names} fine").format(names=", ".join(fine))])
    kind = "shape" if set(kinds) == {"shape"} else "gradient"
    return Outcome(False, text, kind, fraction=len(fine) / len(numerical))


def _one_gradient(
    got, expected: np.ndarray, name: str, key: str, *, shape: tuple, threshold: float, floor: float
) -> tuple[str, str]:
    if got is None:
        return _("{name} is missing").format(name=name), "keys"
    if not isinstance(got, np.ndarray) or got.dtype.kind not in "fiu":
        return _("{name} should be a numpy array, got {got}").format(name=name, got=describe_type(got)), "type"
    if got.shape != shape:
        text = _("{name} has shape {got} but {key} has shape {shape}").format(
            name=name, got=got.shape, key=key, shape=shape
        )
        if got.size == expected.size and relative_error(got.reshape(shape), expected) < threshold:
            return text + _(" (the values are right: only the shape is wrong)"), "shape"
        return text, "shape"
    if not np.all(np.isfinite(got)):
        return _("{name} has non-finite values (NaN or inf)").format(name=name), "nonfinite"
    got = got.astype(np.float64)
    error = relative_error(got, expected)
    if error >= threshold and np.linalg.norm(got - expected) >= floor * np.sqrt(expected.size):
        return _("{name}: relative error {error:.2g}").format(name=name, error=error), "gradient"
    return "", ""


# How close a wrong gradient must be to a simple transform of the right one to be called that transform:
# far looser than THRESHOLD (the words are a hint on a gradient that already failed), far tighter than
# any coincidence.
PATTERN_TOLERANCE = 1e-5


def _pattern(got, expected: np.ndarray, examples: int | None) -> tuple | None:
    """("sign",), ("factor", words) or ("transposed",) when ``got`` is that transform of ``expected``."""
    if not isinstance(got, np.ndarray) or got.dtype.kind not in "fiu" or not np.all(np.isfinite(got)):
        return None
    got = got.astype(np.float64)
    if got.ndim == 2 and got.T.shape == expected.shape and relative_error(got.T, expected) < PATTERN_TOLERANCE:
        if got.shape != expected.shape or relative_error(got, expected) >= PATTERN_TOLERANCE:
            return ("transposed",)
    if got.shape != expected.shape:
        return None
    norm = float(np.sum(expected * expected))
    if norm == 0:
        return None
    factor = float(np.sum(got * expected)) / norm
    if factor == 0 or relative_error(got, factor * expected) >= PATTERN_TOLERANCE:
        return None
    if abs(factor + 1) < PATTERN_TOLERANCE:
        return ("sign",)
    return ("factor", _factor_words(factor, examples))


def _factor_words(factor: float, examples: int | None) -> str:
    """×2, ÷5, ×-0.5, ×1.5: the constant that multiplies the right gradient, as a student would say it."""
    for value, symbol in ((factor, "×"), (1 / factor, "÷")):
        whole = round(value)
        if abs(whole) >= 2 and abs(value - whole) < PATTERN_TOLERANCE * abs(value):
            words = f"{symbol}{whole}"
            if examples and abs(whole) == examples:
                words += " " + _("(m = {m}, the number of examples: check where you divide by m)").format(m=examples)
            return words
    return f"×{factor:.3g}"


def _summary(patterns: dict, *, every: bool, sign_hint: str, examples: int | None) -> str:
    """What the wrong gradients have in common, "" when nothing."""
    if every and len(patterns) == 1 and None not in patterns:
        (pattern,) = patterns
        if pattern[0] == "sign":
            if sign_hint:
                return _("all gradients have the wrong sign: check {quantity}").format(quantity=sign_hint)
            return _("all gradients have the wrong sign")
        if pattern[0] == "transposed":
            return _("all gradients are transposed")
        return _("all gradients are off by the same constant factor, {factor}").format(factor=pattern[1])
    parts = []
    for pattern, names in patterns.items():
        if pattern is None:
            continue
        listed, count = ", ".join(names), len(names)
        if pattern[0] == "sign":
            parts.append(
                ngettext("{names} has the wrong sign", "{names} have the wrong sign", count).format(names=listed)
            )
        elif pattern[0] == "transposed":
            parts.append(ngettext("{names} is transposed", "{names} are transposed", count).format(names=listed))
        else:
            parts.append(
                ngettext(
                    "{names} is off by a constant factor, {factor}",
                    "{names} are off by the same constant factor, {factor}",
                    count,
                ).format(names=listed, factor=pattern[1])
            )
    return join_messages("; ", parts) if parts else ""


def min_abs_preactivation(X: np.ndarray, parameters: dict) -> float:
    """The smallest |Z| over the hidden layers of a ReLU net: keep it ≫ ε so no probe crosses a kink."""
    A, smallest = X, np.inf
    layers = len([k for k in parameters if k.startswith("W")])
    for layer in range(1, layers):
        Z = parameters[f"W{layer}"] @ A + parameters[f"b{layer}"]
        smallest = min(smallest, float(np.min(np.abs(Z))))
        A = np.maximum(Z, 0)
    return smallest


def max_abs_output_preactivation(X: np.ndarray, parameters: dict) -> float:
    """The largest |Z| of the output layer of a ReLU net: keep it small so the sigmoid does not saturate."""
    A = X
    layers = len([k for k in parameters if k.startswith("W")])
    for layer in range(1, layers + 1):
        Z = parameters[f"W{layer}"] @ A + parameters[f"b{layer}"]
        A = np.maximum(Z, 0)
    return float(np.max(np.abs(Z)))


def scalar_cost(value, function: str) -> float:
    """A cost returned by the student's code, as a float; Rejected when it is not one number."""
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(())
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number, np.ndarray)):
        raise Rejected(
            fail(
                "type",
                _("{function}() should return a number, got {got}").format(function=function, got=describe_type(value)),
            )
        )
    cost = float(value)
    if not np.isfinite(cost):
        raise Rejected(
            fail(
                "nonfinite", _("{function}() returned a non-finite cost ({cost})").format(function=function, cost=cost)
            )
        )
    return cost
