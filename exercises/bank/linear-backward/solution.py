import numpy as np


def sigmoid_backward(dA, cache):
    """dZ = dA * s * (1 - s), com s = sigmoid(Z) e Z = cache."""
    Z = cache
    s = 1.0 / (1.0 + np.exp(-Z))
    dZ = dA * s * (1 - s)
    return dZ


def relu_backward(dA, cache):
    """dZ = dA onde Z > 0 e 0 onde Z <= 0, com Z = cache."""
    Z = cache
    dZ = np.array(dA, dtype=float, copy=True)
    dZ[Z <= 0] = 0
    return dZ


def linear_backward(dZ, cache):
    """Gradientes da parte linear. cache = (A_prev, W, b). Devolve (dA_prev, dW, db)."""
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    """Backward de LINEAR -> ATIVAÇÃO. cache = ((A_prev, W, b), Z). Devolve (dA_prev, dW, db)."""
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
    else:
        raise ValueError("activation deve ser 'relu' ou 'sigmoid'")
    dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, db
