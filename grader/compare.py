"""Comparisons that explain: type, count, shape, dtype, finiteness, then values with tolerances.

Each function returns an ``Outcome`` whose message says exactly what differs, in the order a
student should fix it. ``what`` names the value in messages ("softmax(x)", "dW1").
"""

import numpy as np

from .i18n import _, join_messages
from .outcome import Outcome, fail, ok


def describe_type(value) -> str:
    if isinstance(value, np.ndarray):
        return _("a numpy array of shape {shape}").format(shape=value.shape)
    if value is None:
        return "None"
    return type(value).__name__


def compare_values(got, expected, *, rtol: float = 1e-5, atol: float = 1e-8, what: str = "") -> Outcome:
    """Compare structures (tuples, lists, dicts) recursively, and arrays and numbers at the leaves."""
    if got is None and expected is not None:
        return fail("missing", _("{what} returned None: is a return statement missing?").format(what=what))
    if isinstance(expected, tuple):
        return _compare_sequence(got, expected, tuple, rtol, atol, what)
    if isinstance(expected, dict):
        return compare_dicts(got, expected, rtol=rtol, atol=atol, what=what)
    if isinstance(expected, list) and not _is_number_list(expected):
        return _compare_sequence(got, expected, list, rtol, atol, what)
    if isinstance(expected, np.ndarray):
        return compare_arrays(got, expected, rtol=rtol, atol=atol, what=what)
    if _is_scalar(expected):
        return compare_scalars(got, expected, rtol=rtol, atol=atol, what=what)
    return ok() if got == expected else fail("values", _("{what} is not what was expected").format(what=what))


def _is_number_list(value) -> bool:
    return all(_is_scalar(v) for v in value)


def _is_scalar(value) -> bool:
    return (isinstance(value, (int, float, np.number, np.bool_)) and not isinstance(value, bool)) or (
        isinstance(value, np.ndarray) and value.ndim == 0
    )


def _compare_sequence(got, expected, kind, rtol, atol, what) -> Outcome:
    if not isinstance(got, (tuple, list)):
        return fail(
            "type",
            _("{what} should return {n} values (a tuple), got {got}").format(
                what=what, n=len(expected), got=describe_type(got)
            ),
        )
    if len(got) != len(expected):
        return fail(
            "count", _("{what} should return {n} values, got {m}").format(what=what, n=len(expected), m=len(got))
        )
    for index, (g, e) in enumerate(zip(got, expected)):
        outcome = compare_values(g, e, rtol=rtol, atol=atol, what=what + f"[{index}]")
        if not outcome.passed:
            return outcome
    return ok()


def compare_dicts(got, expected: dict, *, rtol: float, atol: float, what: str, keys=None) -> Outcome:
    """Compare the given keys (all of expected's by default); a failure names every wrong key."""
    if not isinstance(got, dict):
        return fail("type", _("{what} should be a dict, got {got}").format(what=what, got=describe_type(got)))
    keys = list(keys if keys is not None else expected)
    missing = [k for k in keys if k not in got]
    if missing:
        return fail("keys", _("{what} is missing the keys: {keys}").format(what=what, keys=", ".join(missing)))
    wrong, messages = [], []
    for key in keys:
        outcome = compare_values(got[key], expected[key], rtol=rtol, atol=atol, what=key)
        if not outcome.passed:
            wrong.append(key)
            messages.append(outcome)
    if not wrong:
        return ok()
    right = [k for k in keys if k not in wrong]
    text = join_messages("; ", [o.message for o in messages])
    if what:
        text = what + ": " + text
    if right:
        text += "; " + _("{keys} fine").format(keys=", ".join(right))
    return Outcome(False, text, messages[0].kind, fraction=len(right) / len(keys))


def compare_scalars(got, expected, *, rtol: float, atol: float, what: str) -> Outcome:
    if isinstance(got, np.ndarray) and got.ndim > 0:
        return fail(
            "shape", _("{what} should be a number, got an array of shape {shape}").format(what=what, shape=got.shape)
        )
    if isinstance(got, bool) or not isinstance(got, (int, float, np.number, np.ndarray)):
        return fail("type", _("{what} should be a number, got {got}").format(what=what, got=describe_type(got)))
    g, e = float(got), float(expected)
    if not np.isfinite(g) and np.isfinite(e):
        return fail("nonfinite", _("{what} is {value}").format(what=what, value=g))
    if not np.isclose(g, e, rtol=rtol, atol=atol):
        return fail("values", _("{what}: expected {expected:.6g}, got {got:.6g}").format(what=what, expected=e, got=g))
    return ok()


def compare_arrays(got, expected: np.ndarray, *, rtol: float, atol: float, what: str) -> Outcome:
    if not isinstance(got, np.ndarray):
        return fail(
            "type",
            _("{what} should be a numpy array of shape {shape}, got {got}").format(
                what=what, shape=expected.shape, got=describe_type(got)
            ),
        )
    if got.shape != expected.shape:
        # Never broadcast: (3,) for (3, 1) is the bug a student must see.
        return fail(
            "shape",
            _("{what}: expected shape {expected}, got {got}").format(what=what, expected=expected.shape, got=got.shape),
        )
    if expected.dtype.kind in "fc" and got.dtype.kind not in "fciub":
        return fail(
            "dtype", _("{what}: expected numbers, got values of dtype {dtype}").format(what=what, dtype=got.dtype)
        )
    if expected.dtype.kind in "fc" and got.dtype.kind in "iub" and not np.array_equal(got, expected):
        return fail(
            "dtype",
            _(
                "{what}: expected floating-point values, got integers (dtype {dtype}); "
                "check for integer division or an int array"
            ).format(what=what, dtype=got.dtype),
        )
    if expected.dtype.kind == "b" and got.dtype.kind not in "biuf":
        return fail("dtype", _("{what}: expected booleans, got dtype {dtype}").format(what=what, dtype=got.dtype))
    g = got.astype(np.float64) if got.dtype.kind != "c" else got
    e = expected.astype(np.float64) if expected.dtype.kind != "c" else expected
    bad_finite = ~np.isfinite(g) & np.isfinite(e)
    if bad_finite.any():
        index = tuple(int(i) for i in np.argwhere(bad_finite)[0])
        return fail(
            "nonfinite",
            _(
                "{what} has {count} non-finite values (NaN or inf), the first at index {index}; an overflow in exp?"
            ).format(what=what, count=int(bad_finite.sum()), index=index),
        )
    close = np.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return ok()
    excess = np.where(close, -np.inf, np.abs(g - e) - (atol + rtol * np.abs(e)))
    index = np.unravel_index(int(np.argmax(excess)), e.shape)
    index_text = tuple(int(i) for i in index)
    return fail(
        "values",
        _(
            "{what}: {count} of {total} values differ (rtol={rtol:g}, atol={atol:g}); "
            "the worst at index {index}: expected {expected:.6g}, got {got:.6g}"
        ).format(
            what=what,
            count=int((~close).sum()),
            total=e.size,
            rtol=rtol,
            atol=atol,
            index=index_text,
            expected=float(e[index].real),
            got=float(g[index].real),
        ),
    )
