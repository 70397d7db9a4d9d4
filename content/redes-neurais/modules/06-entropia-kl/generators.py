"""Generators of the module 6 quiz: entropies and divergences in bits (None: the slides' numbers)."""

import numpy as np


def _distribution(rng, n):
    while True:
        cuts = np.sort(rng.integers(1, 10, size=n - 1))
        p = np.diff(np.concatenate([[0], cuts, [10]])) / 10
        if np.all(p > 0):
            return np.round(p, 1).tolist()


def _entropy(p):
    p = np.asarray(p, float)
    return float(-np.sum(p * np.log2(p)))


def _kl(p, q):
    p, q = np.asarray(p, float), np.asarray(q, float)
    return float(np.sum(p * np.log2(p / q)))


def entropy_bits(rng):
    """H(p) in bits; fixed variant p = [0.8, 0.2] -> 0.72."""
    p = [0.8, 0.2] if rng is None else _distribution(rng, int(rng.integers(2, 5)))
    terms = [round(float(-v * np.log2(v)), 4) for v in p]
    return {"params": {"p": p, "terms": terms, "entropy": round(_entropy(p), 4)}, "answer": _entropy(p)}


def kl_divergence_bits(rng):
    """D_KL(p || q) in bits; fixed variant p = [0.8, 0.2], q = [0.5, 0.5] -> 0.28."""
    if rng is None:
        p, q = [0.8, 0.2], [0.5, 0.5]
    else:
        n = int(rng.integers(2, 4))
        p, q = _distribution(rng, n), _distribution(rng, n)
    terms = [round(float(a * np.log2(a / c)), 4) for a, c in zip(p, q)]
    return {"params": {"p": p, "q": q, "terms": terms, "kl": round(_kl(p, q), 4)}, "answer": _kl(p, q)}


def kl_close(rng):
    """The slides' close pair, the same for everyone: D_KL([0.8, 0.2] || [0.88, 0.12]) -> 0.04."""
    p, q = [0.8, 0.2], [0.88, 0.12]
    return {"params": {"p": p, "q": q}, "answer": _kl(p, q)}
