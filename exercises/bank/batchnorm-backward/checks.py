"""Checks of batchnorm-backward: the student's batchnorm_forward (or the given one) and her batchnorm_backward
chained in one run, since the cache is hers; dZ, dgamma and dbeta against the reference, and a numerical
gradient check of the cost J = Σ W ⊙ Z_tilde (W fixed and random, so dZ_tilde = W) through her forward."""

import numpy as np

from grader.api import Check, ResultOf, call
from grader.compare import compare_arrays, describe_type
from grader.gradcheck import gradient_check
from grader.i18n import _, join_messages
from grader.outcome import Outcome, Rejected, fail, ok

RTOL, ATOL = 1e-6, 1e-9
OUTPUTS = ("dZ", "dgamma", "dbeta")
SHARE = {"dZ": 4 / 6, "dgamma": 1 / 6, "dbeta": 1 / 6}  # partial credit: dZ is most of the work
EXAMPLE = (
    np.array([[1.0, 2.0, 3.0, 4.0], [10.0, 10.0, 20.0, 40.0]]),
    np.array([[1.0], [2.0]]),
    np.array([[0.0], [0.5]]),
    1e-8,
    np.array([[1.0, 0.0, 0.0, -1.0], [0.5, -0.5, 1.0, 0.0]]),
)


def _chain(Z, gamma, beta, eps, dZ_tilde):
    return [call("batchnorm_forward", Z, gamma, beta, eps), call("batchnorm_backward", dZ_tilde, ResultOf(0)[1])]


def _triple(value) -> tuple:
    if not isinstance(value, (tuple, list)) or len(value) != 3:
        raise Rejected(
            fail(
                "count",
                _("batchnorm_backward() should return the tuple (dZ, dgamma, dbeta), got {got}").format(
                    got=describe_type(value)
                ),
            )
        )
    return tuple(value)


def _hints(name, value, Z, gamma, eps, dZ_tilde, expected):
    """Words for the usual mistakes, when the student's value is exactly what that mistake gives."""
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "fiu":
        return []
    m = Z.shape[1]
    std = np.sqrt(np.var(Z, axis=1, keepdims=True) + eps)
    if name == "dZ":
        known = [
            (dZ_tilde * gamma / std, _("μ and σ² depend on Z too: dZ needs the terms that flow through them")),
            (expected / std, _("divide by the standard deviation √(σ² + ε), not by the variance")),
            (expected / gamma, _("dZ_tilde is multiplied by γ on its way back to Z_norm")),
        ]
    else:
        if value.shape == (1, m):
            return [_("{name} has one value per unit, shape (n, 1): sum over axis 1 (the examples)").format(name=name)]
        known = [(expected / m, _("{name} is a sum over the examples: do not divide by m").format(name=name))]
    return [hint for variant, hint in known if value.shape == variant.shape and np.allclose(value, variant, RTOL, ATOL)]


def backward_matches(got, expected, calls):
    forward, backward = got
    Z, gamma, _beta, eps = calls[0].args
    dZ_tilde = calls[1].args[0]
    try:
        backward = _triple(backward)
    except Rejected as rejected:
        return rejected.outcome
    messages, kinds, credit = [], [], 1.0
    for index, name in enumerate(OUTPUTS):
        what = f"batchnorm_backward()[{index}] ({name})"
        outcome = compare_arrays(backward[index], expected[1][index], rtol=RTOL, atol=ATOL, what=what)
        if not outcome.passed:
            hints = _hints(name, backward[index], Z, gamma, eps, dZ_tilde, expected[1][index])
            messages.append(join_messages(": ", [outcome.message, *hints]))
            kinds.append(outcome.kind)
            credit -= SHARE[name]
    if not messages:
        return ok()
    if isinstance(forward, (tuple, list)) and not _same_forward(forward, expected[0]):
        messages.append(
            _("your own batchnorm_forward() returns another Z_tilde: fix it, or leave it out to use the given one")
        )
    return Outcome(False, join_messages("; ", messages), kinds[0], fraction=credit)


def _same_forward(forward, expected) -> bool:
    value = forward[0] if forward else None
    return compare_arrays(value, expected[0], rtol=RTOL, atol=ATOL, what="").passed


def _gradients(outputs) -> dict:
    return dict(zip(OUTPUTS, _triple(outputs[1])))


def _cost(W_rand):
    def cost_of(outputs):
        value = outputs[0]
        Z_tilde = value[0] if isinstance(value, (tuple, list)) and len(value) == 2 else None
        if not isinstance(Z_tilde, np.ndarray) or Z_tilde.shape != W_rand.shape:
            raise Rejected(
                fail(
                    "type",
                    _(
                        "batchnorm_forward() should return (Z_tilde, cache) with Z_tilde of shape {shape}, got {got}"
                    ).format(shape=W_rand.shape, got=describe_type(Z_tilde if Z_tilde is not None else value)),
                )
            )
        return float(np.sum(W_rand * Z_tilde.astype(np.float64)))

    return cost_of


def _batch(rng, n, m):
    Z = rng.normal(0, 1, size=(n, m)) * rng.uniform(0.5, 3.0, size=(n, 1)) + rng.normal(0, 3, size=(n, 1))
    return Z, rng.uniform(0.5, 2.0, size=(n, 1)) * rng.choice([-1, 1], size=(n, 1)), rng.normal(0, 1, size=(n, 1))


def checks(ctx):
    rng = ctx.rng
    Z, gamma, beta = _batch(rng, 4, 10)
    dZ_tilde = rng.normal(size=(4, 10))
    gc_Z, gc_gamma, gc_beta = _batch(rng, 3, 6)
    W_rand = rng.normal(size=(3, 6))
    eps = 1e-5
    hidden = _batch(rng, 7, 32)
    wide = _batch(rng, 5, 16)
    return [
        Check(_("example of the statement"), _chain(*EXAMPLE), backward_matches),
        Check(_("batch of 4 × 10 with γ and β"), _chain(Z, gamma, beta, eps, dZ_tilde), backward_matches, weight=2),
        gradient_check(
            _("numerical gradient check of dZ, dgamma and dbeta"),
            parameters={"Z": gc_Z, "gamma": gc_gamma, "beta": gc_beta},
            function="batchnorm_backward",
            analytic=_chain(gc_Z, gc_gamma, gc_beta, eps, W_rand),
            gradients_of=_gradients,
            probe=lambda theta: [call("batchnorm_forward", theta["Z"], theta["gamma"], theta["beta"], eps)],
            cost_of=_cost(W_rand),
            against="batchnorm_forward()",
            weight=3,
        ),
        Check(
            _("batch of 7 × 32"),
            _chain(*hidden, 1e-3, rng.normal(size=(7, 32))),
            backward_matches,
            hidden=True,
            weight=3,
        ),
        Check(
            _("large ε (inside the root)"),
            _chain(*wide, 0.5, rng.normal(size=(5, 16))),
            backward_matches,
            hidden=True,
        ),
    ]
