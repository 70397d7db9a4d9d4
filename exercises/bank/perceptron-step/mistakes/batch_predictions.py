# mistake: predicts every point with the initial W and b before updating (not sequential); blames: perceptron_step
import numpy as np


def step(t):
    out = (np.asarray(t) >= 0).astype(int)
    if out.ndim == 0:
        return int(out)
    return out


def prediction(X, W, b):
    X = np.asarray(X, dtype=float)
    W = np.asarray(W, dtype=float).reshape(1, -1)
    return step(W @ X + b).reshape(1, -1)


def perceptron_step(X, y, W, b, learn_rate):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).reshape(-1)
    W = np.array(W, dtype=float).reshape(1, -1)
    y_hat = prediction(X, W, b)[0]
    for i in range(X.shape[1]):
        x = X[:, i:i + 1]
        error = y[i] - y_hat[i]
        if error == 1:
            W = W + learn_rate * x.T
            b = b + learn_rate
        elif error == -1:
            W = W - learn_rate * x.T
            b = b - learn_rate
    return W, b
