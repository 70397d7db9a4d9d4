"""Generators of the module 8 quiz (None: the slides' worked example)."""

import numpy as np

SLIDES_W = [[0.65, 1.19], [0.69, -0.92]]
SLIDES_X = [0.2, 0.7]


def _layer(rng):
    if rng is None:
        return SLIDES_W, SLIDES_X
    return np.round(rng.uniform(-1.5, 1.5, size=(2, 2)), 2).tolist(), np.round(rng.uniform(0, 1, size=2), 1).tolist()


def _shown(w, x, z):
    """The entries an explanation names: w11 ... w22, x1, x2 and z rounded for display."""
    names = {f"w{i + 1}{j + 1}": w[i][j] for i in range(2) for j in range(2)}
    return {**names, "x1": x[0], "x2": x[1], "z": np.round(z, 4).tolist()}


def two_layer_forward(rng):
    """z = W x + b with b = 0; fixed variant: [0.963, -0.506]."""
    w, x = _layer(rng)
    z = np.asarray(w) @ np.asarray(x)
    return {"params": {"W": w, "x": x, **_shown(w, x, z)}, "answer": z.tolist()}


def two_layer_softmax(rng):
    """softmax(W x) of the same layer; fixed variant: [0.8129, 0.1871]."""
    w, x = _layer(rng)
    z = np.asarray(w) @ np.asarray(x)
    e = np.exp(z - z.max())
    y = e / e.sum()
    return {"params": {"W": w, "x": x, **_shown(w, x, z), "y1": round(float(y[0]), 4)}, "answer": y.tolist()}


def gradient_shapes(rng):
    """Shapes of dW[l] and db[l]: (n[l], n[l-1]) and (n[l], 1)."""
    if rng is None:
        n_l, n_prev, m = 4, 3, 5
    else:
        n_l, n_prev, m = (int(v) for v in rng.integers(2, 9, size=3))
    return {"params": {"n_l": n_l, "n_prev": n_prev, "m": m}, "answer": [n_l, n_prev, n_l, 1]}
