"""Generators of the module 15 quiz (None: the lesson's worked example)."""

import numpy as np


def rnn_states(rng):
    """h_t = tanh(w h_{t-1} + x_t) from h_0 = 0: the three hidden states."""
    if rng is None:
        w, xs = 0.5, [1, 0, 0]
    else:
        w, xs = float(rng.choice([0.3, 0.5, 0.8, 1.2])), rng.integers(-1, 2, size=3).tolist()
    h, states = 0.0, []
    for x in xs:
        h = float(np.tanh(w * h + x))
        states.append(h)
    shown = {f"h{t + 1}": round(v, 4) for t, v in enumerate(states)}
    return {"params": {"w": w, "x": xs, **shown}, "answer": states}


def rnn_params(rng):
    """Parameters of the recurrent step: W_hh (n_h x n_h), W_xh (n_h x n_x), b_h (n_h)."""
    n_x, n_h = (10, 20) if rng is None else (int(rng.integers(2, 50)), int(rng.integers(2, 64)))
    return {"params": {"n_x": n_x, "n_h": n_h}, "answer": n_h * (n_h + n_x + 1)}
