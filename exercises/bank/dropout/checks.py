"""Checks of dropout, on properties: the mask has A's shape and is 0/1, A_drop = A * mask / keep_prob,
and about keep_prob of ≥ 10,000 units are kept (at keep_prob 0.5 the slides' randn mask keeps ~69%)."""

import numpy as np

from grader.api import Check, RngSeed, call
from grader.compare import compare_arrays, describe_type
from grader.i18n import _
from grader.outcome import fail, ok

FUNCTION = "dropout_forward()"


def _mask_problem(value, A):
    if not isinstance(value, tuple) or len(value) != 2:
        return fail(
            "count",
            _("{what} should return the tuple (A_drop, mask), got {got}").format(
                what=FUNCTION, got=describe_type(value)
            ),
        )
    A_drop, mask = value
    for name, array in (("A_drop", A_drop), ("mask", mask)):
        if not isinstance(array, np.ndarray):
            return fail(
                "type",
                _("{what}: {name} should be a numpy array of shape {shape}, got {got}").format(
                    what=FUNCTION, name=name, shape=A.shape, got=describe_type(array)
                ),
            )
        if array.shape != A.shape:
            return fail(
                "shape",
                _("{what}: {name} should have the shape of A, {expected}; got {got}").format(
                    what=FUNCTION, name=name, expected=A.shape, got=array.shape
                ),
            )
    if mask.dtype.kind not in "biuf" or not np.all((mask == 0) | (mask == 1)):
        return fail("values", _("{what}: the mask should hold only True/False or 0/1").format(what=FUNCTION))
    return None


def keeps_fraction(keep_prob: float, tolerance: float):
    def judge(got, expected, calls):
        for value, c in zip(got, calls):
            A = c.args[0]
            problem = _mask_problem(value, A)
            if problem:
                return problem
            A_drop, mask = value
            kept = float(np.mean(mask))
            if abs(kept - keep_prob) > tolerance:
                return fail(
                    "property",
                    _(
                        "{what}: kept {kept:.1%} of the units with keep_prob = {keep_prob}; expected "
                        "about {keep_prob:.0%}. Draw a uniform number (rng.random) and compare it "
                        "with keep_prob"
                    ).format(what=FUNCTION, kept=kept, keep_prob=keep_prob),
                )
            outcome = compare_arrays(
                A_drop,
                A * mask.astype(float) / keep_prob,
                rtol=1e-7,
                atol=1e-9,
                what=_("{what}: A_drop (should be A * mask / keep_prob)").format(what=FUNCTION),
            )
            if not outcome.passed:
                return outcome
        return ok()

    return judge


def _independent(got, expected, calls):
    """Two different generators must give different masks, and neither may drop whole rows or columns."""
    for value, c in zip(got, calls):
        problem = _mask_problem(value, c.args[0])
        if problem:
            return problem
    first, second = got[0][1].astype(bool), got[1][1].astype(bool)
    if np.array_equal(first, second):
        return fail(
            "property",
            _("{what}: two different generators gave the same mask: draw with the rng argument, not np.random").format(
                what=FUNCTION
            ),
        )
    rows, cols = first.mean(axis=1), first.mean(axis=0)
    if np.any((rows == 0) | (rows == 1)) or np.any((cols == 0) | (cols == 1)):
        return fail(
            "property",
            _("{what}: whole rows or columns are kept or dropped together; draw one number per unit").format(
                what=FUNCTION
            ),
        )
    return ok()


def checks(ctx):
    rng = ctx.rng
    seeds = [RngSeed(int(s)) for s in rng.integers(0, 2**31 - 1, size=5)]
    A = rng.normal(1.0, 2.0, size=(100, 200))  # 20,000 units: the kept fraction is known within ±0.4%
    small = np.array([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])
    hidden_A = rng.uniform(0.5, 3.0, size=(50, 300))
    return [
        Check(
            "formas e máscara 0/1",
            call("dropout_forward", small, 0.5, RngSeed(0)),
            keeps_fraction(0.5, 0.5),
            reference=False,
        ),
        Check(
            "mantém cerca de 50% com keep_prob = 0.5",
            call("dropout_forward", A, 0.5, seeds[0]),
            keeps_fraction(0.5, 0.02),
            reference=False,
            weight=3,
        ),
        Check(
            "keep_prob = 0.8: fração e reescala",
            call("dropout_forward", A, 0.8, seeds[1]),
            keeps_fraction(0.8, 0.02),
            reference=False,
            weight=2,
        ),
        Check(
            "máscaras sorteadas com o rng",
            [call("dropout_forward", A, 0.5, seeds[2]), call("dropout_forward", A, 0.5, seeds[3])],
            _independent,
            reference=False,
        ),
        Check(
            "keep_prob = 0.3 em outra camada",
            call("dropout_forward", hidden_A, 0.3, seeds[4]),
            keeps_fraction(0.3, 0.02),
            reference=False,
            hidden=True,
            weight=2,
        ),
    ]
