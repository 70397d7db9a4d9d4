import numpy as np


def step(t):
    """Função degrau: 1 onde t >= 0, 0 onde t < 0."""
    out = (np.asarray(t) >= 0).astype(int)
    if out.ndim == 0:
        return int(out)
    return out


def prediction(X, W, b):
    """step(W X + b) para X de forma (n, m) e W de forma (1, n); devolve (1, m)."""
    X = np.asarray(X, dtype=float)
    W = np.asarray(W, dtype=float).reshape(1, -1)
    return step(W @ X + b).reshape(1, -1)


def perceptron_step(X, y, W, b, learn_rate):
    """Uma passada do truque do perceptron, exemplo a exemplo, na ordem das colunas."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).reshape(-1)
    W = np.array(W, dtype=float).reshape(1, -1)
    for i in range(X.shape[1]):
        x = X[:, i : i + 1]  # (n, 1)
        y_hat = int(prediction(x, W, b)[0, 0])
        error = y[i] - y_hat
        if error == 1:
            W = W + learn_rate * x.T
            b = b + learn_rate
        elif error == -1:
            W = W - learn_rate * x.T
            b = b - learn_rate
    return W, b
