"""Property judges: facts a correct answer has whatever its exact values."""

import numpy as np

from .api import Judge
from .compare import describe_type
from .i18n import _
from .outcome import fail, ok


def columns_sum_to_one(atol: float = 1e-6) -> Judge:
    """Each column (of a 2-D result) or the whole vector (1-D) sums to 1 and keeps the order of scores."""

    def judge(got, expected, calls):
        for value, c in zip(got, calls):
            what = f"{c.function}()"
            if not isinstance(value, np.ndarray):
                return fail(
                    "type",
                    _("{what} should return a numpy array, got {got}").format(what=what, got=describe_type(value)),
                )
            scores = np.asarray(c.args[0], dtype=float)
            if value.shape != scores.shape:
                return fail(
                    "shape",
                    _("{what}: expected shape {expected}, got {got}").format(
                        what=what, expected=scores.shape, got=value.shape
                    ),
                )
            if not np.all(np.isfinite(value)):
                return fail("nonfinite", _("{what} has non-finite values (NaN or inf)").format(what=what))
            sums = value.sum(axis=0)
            if not np.allclose(sums, 1.0, atol=atol):
                return fail(
                    "property",
                    _("{what}: each column must sum to 1; a column sums to {total:.6g}").format(
                        what=what, total=float(np.atleast_1d(sums)[np.argmax(np.abs(np.atleast_1d(sums) - 1))])
                    ),
                )
            if not np.array_equal(np.argsort(scores, axis=0, kind="stable"), np.argsort(value, axis=0, kind="stable")):
                return fail("property", _("{what}: probabilities must keep the order of the scores").format(what=what))
        return ok()

    return judge
