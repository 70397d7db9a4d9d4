"""Checks of random-mini-batches on properties, not on one permutation: ⌈m / size⌉ mini-batches, the shapes
(the last one holds m mod size examples), every column of X exactly once and still paired with its column
of Y, a shuffled order (for m ≥ 64) and an order that depends on the seed. Any correct shuffle passes,
from np.random.seed + permutation or from a Generator."""

import math

import numpy as np

from grader.api import Check, call
from grader.compare import describe_type
from grader.i18n import _
from grader.outcome import Rejected, fail, ok

FUNCTION = "random_mini_batches()"
DEFAULT_SIZE = 64


def _arguments(c):
    X, Y = c.args[0], c.args[1]
    size = c.args[2] if len(c.args) > 2 else c.kwargs.get("mini_batch_size", DEFAULT_SIZE)
    return X, Y, size


def _structure(value, X, Y, size):
    """The mini-batches as a list of (X, Y) arrays with the right count and shapes, else Rejected."""
    if not isinstance(value, (list, tuple)):
        raise Rejected(
            fail(
                "type",
                _("{what} should return a list of (mini_batch_X, mini_batch_Y) tuples, got {got}").format(
                    what=FUNCTION, got=describe_type(value)
                ),
            )
        )
    m = X.shape[1]
    wanted = math.ceil(m / size)
    if len(value) != wanted:
        text = _("{what} should return {n} mini-batches for m = {m} and mini_batch_size = {size}, got {got}").format(
            what=FUNCTION, n=wanted, m=m, size=size, got=len(value)
        )
        if m % size and len(value) == m // size:
            text += "; " + _("the last, smaller mini-batch with the remaining {rest} examples is missing").format(
                rest=m % size
            )
        raise Rejected(fail("count", text))
    for k, batch in enumerate(value):
        if not isinstance(batch, (tuple, list)) or len(batch) != 2:
            raise Rejected(
                fail(
                    "type",
                    _("{what}: mini-batch {k} should be a tuple (mini_batch_X, mini_batch_Y), got {got}").format(
                        what=FUNCTION, k=k, got=describe_type(batch)
                    ),
                )
            )
        columns = min(size, m - k * size)
        for name, array, full in (("mini_batch_X", batch[0], X), ("mini_batch_Y", batch[1], Y)):
            shape = (full.shape[0], columns)
            if not isinstance(array, np.ndarray) or array.shape != shape:
                got = array.shape if isinstance(array, np.ndarray) else describe_type(array)
                text = _("{what}: {name} of mini-batch {k} should have shape {shape}, got {got}").format(
                    what=FUNCTION, name=name, k=k, shape=shape, got=got
                )
                if isinstance(array, np.ndarray) and array.ndim == 2 and m in (array.shape[1], 0):
                    text += "; " + _("cut the columns (one example per column), not the rows")
                raise Rejected(fail("shape", text))
    return value


def _order(value, X, Y, size) -> np.ndarray:
    """Which column of X each returned column is, checking that each appears once and keeps its Y."""
    batches = _structure(value, X, Y, size)
    where = {np.ascontiguousarray(X[:, j]).tobytes(): j for j in range(X.shape[1])}
    got_X = np.concatenate([np.asarray(b[0], dtype=X.dtype) for b in batches], axis=1)
    got_Y = np.concatenate([np.asarray(b[1], dtype=Y.dtype) for b in batches], axis=1)
    order = []
    for j in range(got_X.shape[1]):
        index = where.get(np.ascontiguousarray(got_X[:, j]).tobytes())
        if index is None:
            raise Rejected(
                fail(
                    "values",
                    _("{what}: a column of the mini-batches is not a column of X; move whole columns").format(
                        what=FUNCTION
                    ),
                )
            )
        order.append(index)
    order = np.array(order)
    if len(set(order.tolist())) != len(order):
        raise Rejected(
            fail(
                "property",
                _(
                    "{what}: some examples appear twice and others never; "
                    "each example must be in exactly one mini-batch"
                ).format(what=FUNCTION),
            )
        )
    if not np.array_equal(got_Y, Y[:, order]):
        raise Rejected(
            fail(
                "property",
                _(
                    "{what}: the labels no longer match their examples; shuffle X and Y with the same permutation"
                ).format(what=FUNCTION),
            )
        )
    return order


def mini_batches(got, expected, calls):
    for value, c in zip(got, calls):
        X, Y, size = _arguments(c)
        try:
            order = _order(value, X, Y, size)
        except Rejected as rejected:
            return rejected.outcome
        if X.shape[1] >= DEFAULT_SIZE and np.array_equal(order, np.arange(X.shape[1])):
            return fail(
                "property",
                _("{what}: the examples are in their original order; shuffle the columns before cutting").format(
                    what=FUNCTION
                ),
            )
    return ok()


def depends_on_seed(got, expected, calls):
    orders = []
    for value, c in zip(got, calls):
        try:
            orders.append(_order(value, *_arguments(c)))
        except Rejected as rejected:
            return rejected.outcome
    if np.array_equal(orders[0], orders[1]):
        return fail(
            "property",
            _("{what}: seeds {a} and {b} gave the same order; draw the permutation from the seed argument").format(
                what=FUNCTION, a=calls[0].args[3], b=calls[1].args[3]
            ),
        )
    return ok()


def _data(rng, n_x, m, labels=True):
    X = rng.normal(size=(n_x, m))
    Y = rng.integers(0, 2, size=(1, m)) if labels else rng.normal(size=(1, m))
    return X, Y


def checks(ctx):
    rng = ctx.rng
    first = _data(rng, 3, 148)
    second = _data(rng, 4, 200)
    exact = _data(rng, 2, 128)
    seeded = _data(rng, 2, 100)
    large = _data(rng, 5, 1000)
    odd = _data(rng, 3, 70, labels=False)
    small = _data(rng, 4, 30, labels=False)
    return [
        Check(
            _("m = 148 with the default mini_batch_size (64)"),
            call("random_mini_batches", *first),
            mini_batches,
            reference=False,
            weight=2,
        ),
        Check(
            _("m = 200, mini_batch_size = 32"),
            call("random_mini_batches", *second, 32, 1),
            mini_batches,
            reference=False,
            weight=2,
        ),
        Check(
            _("m = 128, mini_batch_size = 64: no smaller last mini-batch"),
            call("random_mini_batches", *exact, 64, 2),
            mini_batches,
            reference=False,
        ),
        Check(
            _("the seed changes the order"),
            [call("random_mini_batches", *seeded, 64, 3), call("random_mini_batches", *seeded, 64, 4)],
            depends_on_seed,
            reference=False,
        ),
        Check(
            _("m = 1000, mini_batch_size = 128"),
            call("random_mini_batches", *large, 128, 5),
            mini_batches,
            reference=False,
            hidden=True,
            weight=2,
        ),
        Check(
            _("m = 70 with real-valued labels"),
            call("random_mini_batches", *odd, 64, 6),
            mini_batches,
            reference=False,
            hidden=True,
            weight=2,
        ),
        Check(
            _("mini_batch_size larger than m"),
            call("random_mini_batches", *small, 64, 7),
            mini_batches,
            reference=False,
            hidden=True,
        ),
    ]
