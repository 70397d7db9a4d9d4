"""Generators of the module 2 quiz (None: the slides' four points and two models)."""

import numpy as np

SLIDES_TRUE_CLASS = {1: [0.6, 0.2, 0.1, 0.7], 2: [0.7, 0.9, 0.8, 0.6]}  # P(true colour) per point
SLIDES_LABELS = [1, 1, 0, 0]  # blue, blue, red, red


def _probabilities(rng, n=4):
    return (np.round(rng.uniform(0.05, 0.95, size=n), 2)).tolist()


def max_likelihood(rng):
    """Which model makes the observed colours more likely: the product of P(true colour)."""
    if rng is None:
        p1, p2 = SLIDES_TRUE_CLASS[1], SLIDES_TRUE_CLASS[2]
    else:
        while True:
            p1, p2 = _probabilities(rng), _probabilities(rng)
            if abs(np.prod(p1) - np.prod(p2)) > 1e-4:
                break
    l1, l2 = float(np.prod(p1)), float(np.prod(p2))
    return {
        "params": {"p1": p1, "p2": p2, "likelihood_1": l1, "likelihood_2": l2},
        "answer": "model-1" if l1 > l2 else "model-2",
    }


def _cross_entropy(y, p):
    y, p = np.asarray(y, float), np.asarray(p, float)
    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _labelled(rng):
    if rng is None:
        y = SLIDES_LABELS
        p = [q if label else round(1 - q, 2) for q, label in zip(SLIDES_TRUE_CLASS[1], y)]
    else:
        y = rng.integers(0, 2, size=4).tolist()
        p = _probabilities(rng)
    return y, p


def cross_entropy_value(rng):
    """Binary cross-entropy (natural log, summed) of labels y and P(y = 1)."""
    y, p = _labelled(rng)
    return {"params": {"y": y, "p": p}, "answer": _cross_entropy(y, p)}


def cross_entropy_two_models(rng):
    """Cross-entropy of both models from P(true colour): -sum ln (slides: 4.8 and 1.2)."""
    if rng is None:
        p1, p2 = SLIDES_TRUE_CLASS[1], SLIDES_TRUE_CLASS[2]
    else:
        p1, p2 = _probabilities(rng), _probabilities(rng)
    return {"params": {"p1": p1, "p2": p2}, "answer": [float(-np.sum(np.log(p1))), float(-np.sum(np.log(p2)))]}
