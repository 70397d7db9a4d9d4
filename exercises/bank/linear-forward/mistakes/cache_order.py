# mistake: linear_forward stores the cache as (W, A, b) instead of (A, W, b); blames: linear_forward
import numpy as np


def sigmoid(Z):
    """Sigmoide elemento a elemento. Devolve (A, cache), com cache = Z."""
    A = 1.0 / (1.0 + np.exp(-Z))
    cache = Z
    return A, cache


def relu(Z):
    """ReLU elemento a elemento. Devolve (A, cache), com cache = Z."""
    A = np.maximum(0, Z)
    cache = Z
    return A, cache


def linear_forward(A, W, b):
    """Parte linear de uma camada: Z = W A + b. Devolve (Z, cache), com cache = (A, W, b)."""
    Z = np.dot(W, A) + b
    cache = (W, A, b)
    return Z, cache


def linear_activation_forward(A_prev, W, b, activation):
    """LINEAR -> ATIVAÇÃO. Devolve (A, cache), com cache = ((A_prev, W, b), Z)."""
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        A, activation_cache = relu(Z)
    else:
        raise ValueError("activation deve ser 'relu' ou 'sigmoid'")
    cache = (linear_cache, activation_cache)
    return A, cache
