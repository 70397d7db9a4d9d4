"""Generators of the module 12 quiz (None: the lesson's worked numbers)."""

import numpy as np


def batchnorm_values(rng):
    """gamma * (z - mean) / sqrt(var + eps) + beta over one unit's minibatch (biased variance)."""
    if rng is None:
        z, gamma, beta = [1, 2, 3, 6], 2, 0.5
    else:
        z = rng.integers(-5, 10, size=4).tolist()
        while len(set(z)) == 1:
            z = rng.integers(-5, 10, size=4).tolist()
        gamma, beta = float(rng.choice([0.5, 1, 2, 3])), float(np.round(rng.uniform(-1, 1), 1))
    arr = np.asarray(z, float)
    norm = (arr - arr.mean()) / np.sqrt(arr.var() + 1e-8)
    shown = {
        "mean": round(float(arr.mean()), 4),
        "var": round(float(arr.var()), 4),
        "std": round(float(arr.std()), 4),
        "z_norm": np.round(norm, 4).tolist(),
    }
    return {"params": {"z": z, "gamma": gamma, "beta": beta, **shown}, "answer": (gamma * norm + beta).tolist()}


def softmax_regression_loss(rng):
    """-ln softmax(z)[true class] (classes numbered from 1)."""
    if rng is None:
        z, true = [5, 2, -1, 3], 4
    else:
        z = rng.integers(-3, 6, size=4).tolist()
        true = int(rng.integers(1, 5))
    arr = np.asarray(z, float)
    log_softmax = arr - arr.max() - np.log(np.sum(np.exp(arr - arr.max())))
    loss = float(-log_softmax[true - 1])
    shown = {"p_true": round(float(np.exp(-loss)), 6), "loss": round(loss, 4)}
    return {"params": {"z": z, "true": true, **shown}, "answer": loss}
