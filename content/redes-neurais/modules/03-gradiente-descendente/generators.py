"""Generators of the module 3 quiz (None: the lesson's worked step)."""

import numpy as np


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _setup(rng):
    if rng is None:
        return [0.5, -0.5], 0.0, 0.1, [1, 2], 1
    w = np.round(rng.uniform(-1, 1, size=2), 1).tolist()
    b = float(np.round(rng.uniform(-1, 1), 1))
    alpha = float(rng.choice([0.1, 0.2, 0.5]))
    x = rng.integers(-2, 4, size=2).tolist()
    y = int(rng.integers(0, 2))
    return w, b, alpha, x, y


def gradient_prediction(rng):
    w, b, alpha, x, y = _setup(rng)
    z = float(np.dot(w, x) + b)
    y_hat = float(_sigmoid(z))
    return {"params": {"w": w, "b": b, "x": x, "z": round(z, 4), "y_hat": round(y_hat, 4)}, "answer": y_hat}


def gradient_step(rng):
    """One step of gradient descent on the cross-entropy: w + α(y − ŷ)x, b + α(y − ŷ)."""
    w, b, alpha, x, y = _setup(rng)
    y_hat = _sigmoid(np.dot(w, x) + b)
    new_w = np.asarray(w) + alpha * (y - y_hat) * np.asarray(x)
    new_b = b + alpha * (y - y_hat)
    return {
        "params": {"w": w, "b": b, "alpha": alpha, "x": x, "y": y},
        "answer": [float(new_w[0]), float(new_w[1]), float(new_b)],
    }
