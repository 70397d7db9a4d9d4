"""Generators of the module 11 quiz (None: the lesson's worked numbers)."""

import math

import numpy as np

ADAM_DEFAULTS = {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}


def adam_defaults(rng):
    """Adam's default hyperparameters (Kingma & Ba), the same for everyone."""
    return {"params": {}, "answer": [ADAM_DEFAULTS["beta1"], ADAM_DEFAULTS["beta2"], ADAM_DEFAULTS["epsilon"]]}


def bias_corrected_average(rng):
    """v_t = beta v_{t-1} + (1 - beta) theta_t from v_0 = 0, then v_t / (1 - beta^t)."""
    if rng is None:
        beta, thetas = 0.9, [10, 12]
    else:
        beta = float(rng.choice([0.8, 0.9, 0.95]))
        thetas = rng.integers(5, 20, size=int(rng.integers(2, 4))).tolist()
    v, averages = 0.0, []
    for theta in thetas:
        v = beta * v + (1 - beta) * theta
        averages.append(round(v, 4))
    correction = 1 - beta ** len(thetas)
    params = {"beta": beta, "thetas": thetas, "t": len(thetas), "vs": averages, "correction": round(correction, 6)}
    return {"params": {**params, "v_hat": round(v / correction, 4)}, "answer": v / correction}


def lr_decay(rng):
    """alpha = alpha0 / (1 + decay_rate * epoch)."""
    if rng is None:
        alpha0, rate, epoch = 0.2, 1, 3
    else:
        alpha0, rate, epoch = (
            float(rng.choice([0.1, 0.2, 0.5])),
            float(rng.choice([0.5, 1, 2])),
            int(rng.integers(1, 10)),
        )
    denominator = 1 + rate * epoch
    params = {"alpha0": alpha0, "rate": rate, "epoch": epoch, "denominator": denominator}
    return {"params": {**params, "alpha": round(alpha0 / denominator, 6)}, "answer": alpha0 / denominator}


def minibatch_count(rng):
    """Updates per epoch with minibatches of size B: ceil(m / B)."""
    if rng is None:
        m, size = 50000, 64
    else:
        m, size = int(rng.integers(1000, 100000)), int(rng.choice([32, 64, 128, 256, 512]))
    params = {"m": m, "B": size, "full": m // size, "rest": m % size, "count": math.ceil(m / size)}
    return {"params": params, "answer": math.ceil(m / size)}


def adam_first_step(rng):
    """One Adam step on a scalar weight from v = s = 0 at t = 1 (the step is alpha in dW's direction)."""
    w, alpha, dw = (
        (1.0, 0.01, 0.5)
        if rng is None
        else (
            float(np.round(rng.uniform(-2, 2), 1)),
            float(rng.choice([0.001, 0.01, 0.1])),
            float(np.round(rng.uniform(-1, 1), 2) or 0.3),
        )
    )
    b1, b2, eps = ADAM_DEFAULTS.values()
    v, s = (1 - b1) * dw, (1 - b2) * dw**2
    v_hat, s_hat = v / (1 - b1), s / (1 - b2)
    return {"params": {"w": w, "alpha": alpha, "dw": dw}, "answer": w - alpha * v_hat / (math.sqrt(s_hat) + eps)}
