"""Generators of the module 5 quiz (None: the slides' score vectors)."""

import numpy as np

CLASSES = ["pato", "castor", "morsa"]


def _softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


def softmax_values(rng):
    """Softmax of a score vector; fixed variant [2, 1, 0] -> 0.67, 0.24, 0.09."""
    if rng is None:
        z = [2, 1, 0]
    else:
        z = np.round(rng.uniform(-2, 4, size=int(rng.integers(3, 5))), 1).tolist()
    return {"params": {"z": z}, "answer": _softmax(z).tolist()}


def softmax_slides(rng):
    """The slides' second example, the same for everyone: [3.0, 1.0, 0.2]."""
    z = [3.0, 1.0, 0.2]
    exps = np.exp(z)
    return {
        "params": {"z": z, "exps": np.round(exps, 4).tolist(), "total": round(float(exps.sum()), 4)},
        "answer": _softmax(z).tolist(),
    }


def one_hot_encoding(rng):
    """One-hot labels as a (C, m) matrix: one column per example."""
    if rng is None:
        labels = ["castor", "pato", "morsa", "castor"]
    else:
        labels = [CLASSES[i] for i in rng.integers(0, 3, size=4)]
    matrix = np.zeros((len(CLASSES), len(labels)))
    for j, label in enumerate(labels):
        matrix[CLASSES.index(label), j] = 1
    rows = "; ".join(
        f"coluna {j + 1} ({label}): 1 na linha {CLASSES.index(label) + 1}" for j, label in enumerate(labels)
    )
    return {
        "params": {"labels": ", ".join(labels), "classes": ", ".join(CLASSES), "rows": rows},
        "answer": matrix.tolist(),
    }
