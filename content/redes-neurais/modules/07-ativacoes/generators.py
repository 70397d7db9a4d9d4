"""Generators of the module 7 quiz (None: the lesson's table at z = 1 and z = -1)."""

import numpy as np

LEAK = 0.01


def _z(rng, fixed):
    if rng is None:
        return fixed
    while True:
        z = float(np.round(rng.uniform(-3, 3), 1))
        if z != 0:
            return z


def activation_values(rng):
    """[sigmoid, tanh, ReLU, leaky ReLU (a = 0.01)] at z."""
    z = _z(rng, 1.0)
    sigmoid = 1 / (1 + np.exp(-z))
    values = [float(sigmoid), float(np.tanh(z)), max(z, 0.0), z if z > 0 else LEAK * z]
    shown = dict(zip(("sigmoid", "tanh", "relu", "leaky"), (round(v, 4) for v in values)))
    return {"params": {"z": z, **shown}, "answer": values}


def activation_derivatives(rng):
    """The derivatives of the same four at z."""
    z = _z(rng, -1.0)
    sigmoid = 1 / (1 + np.exp(-z))
    return {
        "params": {"z": z},
        "answer": [
            float(sigmoid * (1 - sigmoid)),
            float(1 - np.tanh(z) ** 2),
            1.0 if z > 0 else 0.0,
            1.0 if z > 0 else LEAK,
        ],
    }


def vanishing_sigmoid(rng):
    """The largest factor sigmoid derivatives can leave after L layers: 0.25 ** L."""
    layers = 5 if rng is None else int(rng.integers(3, 11))
    return {"params": {"layers": layers}, "answer": 0.25**layers}
