"""Checks of dropout, on properties: the mask has A's shape and is 0/1, A_drop = A * mask / keep_prob, and the
fraction of units kept matches keep_prob on 20,000 units, at several keep_prob values.

The slides draw the mask with randn: N(0, 1) < keep_prob keeps Φ(keep_prob) of the units (69% at 0.5, 82%
at 0.9, 54% at 0.1), so every fraction check fails for it and it keeps 2/11 of the points; the feedback
says the mask must come from a uniform distribution. Tolerances are six standard deviations of the kept
fraction of a correct draw (a false alarm about once in 10^9 checks), so any correct uniform or Bernoulli
draw, with the rng or with np.random, gets full marks.
"""

import math

import numpy as np

from grader.api import Check, RngSeed, call
from grader.compare import compare_arrays, describe_type
from grader.i18n import _
from grader.outcome import fail, ok

FUNCTION = "dropout_forward()"
SIGMAS = 6.0
SPREAD = (0.1, 0.3, 0.5, 0.7, 0.9)


def _normal_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _tolerance(keep_prob: float, units: int) -> float:
    return SIGMAS * math.sqrt(keep_prob * (1.0 - keep_prob) / units)


def _mask_problem(value, A):
    if not isinstance(value, (tuple, list)) or len(value) != 2:
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


def _fraction_problem(mask, keep_prob: float):
    """A failure when the kept fraction is not keep_prob; it names the normal draw when that explains it."""
    kept = float(np.mean(mask))
    tolerance = _tolerance(keep_prob, mask.size)
    if abs(kept - keep_prob) <= tolerance:
        return None
    if abs(kept - _normal_cdf(keep_prob)) <= tolerance:
        return fail(
            "property",
            _(
                "{what}: the dropout mask must come from a uniform distribution (rng.random or np.random.rand), "
                "not randn: with keep_prob = {keep_prob} it kept {kept:.0%} of the units, as a normal draw "
                "N(0, 1) < keep_prob does, instead of about {expected:.0%}"
            ).format(what=FUNCTION, keep_prob=keep_prob, kept=kept, expected=keep_prob),
        )
    return fail(
        "property",
        _(
            "{what}: kept {kept:.0%} of the units with keep_prob = {keep_prob}; expected about {expected:.0%}. "
            "The mask must come from a uniform distribution: keep a unit where rng.random(A.shape) < keep_prob"
        ).format(what=FUNCTION, keep_prob=keep_prob, kept=kept, expected=keep_prob),
    )


def keeps_fraction(keep_prob: float, *, check_fraction: bool = True):
    def judge(got, expected, calls):
        for value, c in zip(got, calls):
            A = c.args[0]
            problem = _mask_problem(value, A)
            if problem:
                return problem
            A_drop, mask = value
            problem = check_fraction and _fraction_problem(mask, keep_prob)
            if problem:
                return problem
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


def _mask_distribution(got, expected, calls):
    """One call per keep_prob of SPREAD: the kept fraction follows keep_prob, as a uniform draw's does."""
    for value, c in zip(got, calls):
        problem = _mask_problem(value, c.args[0]) or _fraction_problem(value[1], c.args[1])
        if problem:
            return problem
    return ok()


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
            _(
                "{what}: two different generators gave the same mask: draw with the rng argument, and do not "
                "call np.random.seed inside the function"
            ).format(what=FUNCTION),
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
    seeds = [RngSeed(int(s)) for s in rng.integers(0, 2**31 - 1, size=5 + len(SPREAD))]
    A = rng.normal(1.0, 2.0, size=(100, 200))  # 20,000 units: six standard deviations of the kept fraction ≤ 2.1%
    small = np.array([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])
    hidden_A = rng.uniform(0.5, 3.0, size=(80, 250))
    return [
        Check(
            _("shapes and a 0/1 mask"),
            call("dropout_forward", small, 0.5, RngSeed(0)),
            keeps_fraction(0.5, check_fraction=False),
            reference=False,
        ),
        Check(
            _("keeps about 50% with keep_prob = 0.5"),
            call("dropout_forward", A, 0.5, seeds[0]),
            keeps_fraction(0.5),
            reference=False,
            weight=2,
        ),
        Check(
            _("keep_prob = 0.9: fraction kept and rescaling"),
            call("dropout_forward", A, 0.9, seeds[1]),
            keeps_fraction(0.9),
            reference=False,
            weight=2,
        ),
        Check(
            _("fraction kept follows keep_prob from 0.1 to 0.9 (a uniform draw)"),
            [call("dropout_forward", A, p, seed) for p, seed in zip(SPREAD, seeds[5:])],
            _mask_distribution,
            reference=False,
            weight=3,
        ),
        Check(
            _("masks drawn with the rng"),
            [call("dropout_forward", A, 0.5, seeds[2]), call("dropout_forward", A, 0.5, seeds[3])],
            _independent,
            reference=False,
        ),
        Check(
            _("keep_prob = 0.3 on another layer"),
            call("dropout_forward", hidden_A, 0.3, seeds[4]),
            keeps_fraction(0.3),
            reference=False,
            hidden=True,
            weight=2,
        ),
    ]
