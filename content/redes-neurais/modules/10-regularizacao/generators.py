"""Generators of the module 10 quiz (None: the lesson's worked numbers)."""

import numpy as np


def he_std(rng):
    """Standard deviation of He initialisation: sqrt(2 / n[l-1])."""
    n = 256 if rng is None else int(rng.choice([64, 100, 128, 200, 256, 400, 512, 1024]))
    return {"params": {"n": n, "std": round(float(np.sqrt(2 / n)), 4)}, "answer": float(np.sqrt(2 / n))}


def weight_decay_factor(rng):
    """The factor L2 shrinks weights by at each step: 1 - alpha * lambda / m."""
    if rng is None:
        alpha, lambd, m = 0.5, 2, 10
    else:
        alpha, lambd, m = float(rng.choice([0.01, 0.1, 0.5])), int(rng.integers(1, 6)), int(rng.choice([10, 20, 50]))
    return {"params": {"alpha": alpha, "lambd": lambd, "m": m}, "answer": 1 - alpha * lambd / m}


def dropout_values(rng):
    """Inverted dropout: A * mask / keep_prob."""
    if rng is None:
        keep_prob, a, mask = 0.8, [2, 4, 1, 3, 5], [1, 1, 0, 1, 1]
    else:
        keep_prob = float(rng.choice([0.5, 0.8, 0.9]))
        a = rng.integers(1, 10, size=5).tolist()
        mask = (rng.random(5) < keep_prob).astype(int).tolist()
    return {
        "params": {"keep_prob": keep_prob, "a": a, "mask": mask, "scale": round(1 / keep_prob, 4)},
        "answer": (np.asarray(a) * np.asarray(mask) / keep_prob).tolist(),
    }
