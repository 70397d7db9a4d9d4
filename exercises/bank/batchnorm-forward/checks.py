"""Checks of batchnorm-forward: Z_tilde only (the cache is not graded); mean and biased variance over axis 1,
division by √(σ² + ε) (the standard deviation, not the variance as the slides say).

Besides the values, a property check: with γ = 1 and β = 0 each row of Z_tilde has mean 0 and standard
deviation √(σ² / (σ² + ε)) ≈ 1, on rows whose scales run from 0.01 to 100. A result divided by the
variance fails every check, and the feedback says so in words.
"""

import numpy as np

from grader.api import Check, call
from grader.compare import compare_arrays, describe_type
from grader.i18n import _
from grader.outcome import fail, ok

RTOL = 1e-6
FUNCTION = "batchnorm_forward()"


def _z_tilde(value):
    """The returned Z_tilde, or a failure when the value is not a (Z_tilde, cache) tuple."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        return None, fail(
            "count",
            _("{what} should return the tuple (Z_tilde, cache), got {got}").format(
                what=FUNCTION, got=describe_type(value)
            ),
        )
    return value[0], None


def _divided_by_variance(z_tilde, args) -> bool:
    Z, gamma, beta, eps = args
    mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
    wrong = gamma * (Z - mu) / (var + eps) + beta
    right = gamma * (Z - mu) / np.sqrt(var + eps) + beta
    return (
        isinstance(z_tilde, np.ndarray)
        and z_tilde.shape == Z.shape
        and not np.allclose(z_tilde, right, rtol=RTOL, atol=1e-8)
        and np.allclose(z_tilde, wrong, rtol=RTOL, atol=1e-8)
    )


def _variance_named():
    return fail(
        "values",
        _(
            "{what}: Z_tilde was divided by the variance σ² + ε; divide by the standard deviation √(σ² + ε), "
            "so that each row of Z_norm has standard deviation 1 whatever the scale of Z"
        ).format(what=FUNCTION),
    )


def z_tilde_matches(got, expected, calls):
    for value, reference, c in zip(got, expected, calls):
        z_tilde, problem = _z_tilde(value)
        if problem:
            return problem
        if _divided_by_variance(z_tilde, c.args):
            return _variance_named()
        outcome = compare_arrays(z_tilde, reference[0], rtol=RTOL, atol=1e-8, what=FUNCTION + "[0] (Z_tilde)")
        if not outcome.passed:
            return outcome
    return ok()


def unit_rows(got, expected, calls):
    """With γ = 1 and β = 0, each row has mean 0 and standard deviation √(σ² / (σ² + ε))."""
    for value, c in zip(got, calls):
        z_tilde, problem = _z_tilde(value)
        if problem:
            return problem
        Z, _gamma, _beta, eps = c.args
        if not isinstance(z_tilde, np.ndarray) or z_tilde.shape != Z.shape:
            return compare_arrays(z_tilde, Z, rtol=RTOL, atol=1e-8, what=FUNCTION + "[0] (Z_tilde)")
        if _divided_by_variance(z_tilde, c.args):
            return _variance_named()
        var = Z.var(axis=1)
        wanted = np.sqrt(var / (var + eps))
        means, stds = z_tilde.mean(axis=1), z_tilde.std(axis=1)
        if not np.all(np.isfinite(z_tilde)) or not np.allclose(means, 0.0, atol=1e-7):
            return fail(
                "property",
                _("{what}: with γ = 1 and β = 0 each row of Z_tilde must have mean 0").format(what=FUNCTION),
            )
        if not np.allclose(stds, wanted, rtol=1e-6, atol=1e-9):
            row = int(np.argmax(np.abs(stds - wanted)))
            return fail(
                "property",
                _(
                    "{what}: with γ = 1 and β = 0 each row of Z_tilde must have standard deviation "
                    "√(σ² / (σ² + ε)) ≈ 1; row {row} has {std:.8g} instead of {wanted:.8g}"
                ).format(what=FUNCTION, row=row, std=float(stds[row]), wanted=float(wanted[row])),
            )
    return ok()


def _batch(rng, n, m):
    Z = rng.normal(0, 1, size=(n, m)) * rng.uniform(0.3, 5.0, size=(n, 1)) + rng.normal(0, 4, size=(n, 1))
    return Z, rng.uniform(0.5, 2.0, size=(n, 1)), rng.normal(0, 1, size=(n, 1))


def checks(ctx):
    rng = ctx.rng
    example = (
        np.array([[1.0, 2.0, 3.0, 4.0], [10.0, 10.0, 20.0, 40.0]]),
        np.array([[1.0], [2.0]]),
        np.array([[0.0], [0.5]]),
        1e-8,
    )
    Z, gamma, beta = _batch(rng, 4, 10)
    scales = np.array([[0.01], [0.3], [1.0], [7.0], [100.0]])
    spread = rng.normal(0, 1, size=(5, 16)) * scales + rng.normal(0, 3, size=(5, 1))
    hidden = _batch(rng, 7, 32)
    return [
        Check(_("the statement's example"), call("batchnorm_forward", *example), z_tilde_matches),
        Check(
            _("batch of 4 × 10 with γ and β"),
            call("batchnorm_forward", Z, gamma, beta, 1e-5),
            z_tilde_matches,
            weight=3,
        ),
        Check(_("large ε (inside the root)"), call("batchnorm_forward", Z, gamma, beta, 0.5), z_tilde_matches),
        Check(
            _("γ = 1 and β = 0"),
            call("batchnorm_forward", Z, np.ones((4, 1)), np.zeros((4, 1)), 1e-8),
            z_tilde_matches,
        ),
        Check(
            _("rows of scales 0.01 to 100 come out with mean 0 and standard deviation 1"),
            call("batchnorm_forward", spread, np.ones((5, 1)), np.zeros((5, 1)), 1e-8),
            unit_rows,
            reference=False,
            weight=2,
        ),
        Check(_("another batch"), call("batchnorm_forward", *hidden, 1e-3), z_tilde_matches, hidden=True, weight=3),
    ]
