# mistake: sigmoid_backward treats the cache as if it were s, computing dA * Z * (1 - Z); blames: sigmoid_backward
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


def sigmoid_backward(dA, cache):
    """dZ = dA * s * (1 - s), com s = sigmoid(Z) e Z = cache."""
    Z = cache
    dZ = dA * Z * (1 - Z)
    return dZ


def relu_backward(dA, cache):
    """dZ = dA onde Z > 0 e 0 onde Z <= 0, com Z = cache."""
    Z = cache
    dZ = np.array(dA, dtype=float, copy=True)
    dZ[Z <= 0] = 0
    return dZ
