"""Checks of batchnorm-forward: Z_tilde only (the cache is not graded); mean and biased variance over axis 1,
division by √(σ² + ε) (the standard deviation, not the variance as the slides say)."""

import numpy as np

from grader.api import Check, call
from grader.compare import compare_arrays, describe_type
from grader.i18n import _
from grader.outcome import fail, ok

RTOL = 1e-6


def z_tilde_matches(got, expected, calls):
    for value, reference in zip(got, expected):
        if not isinstance(value, tuple) or len(value) != 2:
            return fail(
                "count",
                _("batchnorm_forward() should return the tuple (Z_tilde, cache), got {got}").format(
                    got=describe_type(value)
                ),
            )
        outcome = compare_arrays(value[0], reference[0], rtol=RTOL, atol=1e-8, what="batchnorm_forward()[0] (Z_tilde)")
        if not outcome.passed:
            return outcome
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
    hidden = _batch(rng, 7, 32)
    return [
        Check("exemplo do enunciado", call("batchnorm_forward", *example), z_tilde_matches),
        Check("lote 4 × 10 com γ e β", call("batchnorm_forward", Z, gamma, beta, 1e-5), z_tilde_matches, weight=3),
        Check("ε grande (dentro da raiz)", call("batchnorm_forward", Z, gamma, beta, 0.5), z_tilde_matches),
        Check("γ = 1 e β = 0", call("batchnorm_forward", Z, np.ones((4, 1)), np.zeros((4, 1)), 1e-8), z_tilde_matches),
        Check("outro lote", call("batchnorm_forward", *hidden, 1e-3), z_tilde_matches, hidden=True, weight=3),
    ]
