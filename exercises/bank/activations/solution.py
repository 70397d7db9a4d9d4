import numpy as np


def sigmoid(Z):
    """Sigmoide elemento a elemento.

    Devolve (A, cache): A = 1 / (1 + e^(-Z)) com a forma de Z, e cache = Z.
    """
    ### BEGIN SOLUTION
    A = 1.0 / (1.0 + np.exp(-Z))
    cache = Z
    return A, cache
    ### END SOLUTION


def relu(Z):
    """ReLU elemento a elemento.

    Devolve (A, cache): A = max(0, Z) com a forma de Z, e cache = Z.
    """
    ### BEGIN SOLUTION
    A = np.maximum(0, Z)
    cache = Z
    return A, cache
    ### END SOLUTION


def sigmoid_backward(dA, cache):
    """Gradiente da sigmoide.

    cache é o Z guardado no forward. Devolve dZ = dA * s * (1 - s), com s = sigmoide(Z).
    """
    ### BEGIN SOLUTION
    Z = cache
    s = 1.0 / (1.0 + np.exp(-Z))
    dZ = dA * s * (1 - s)
    return dZ
    ### END SOLUTION


def relu_backward(dA, cache):
    """Gradiente da ReLU.

    cache é o Z guardado no forward. Devolve dZ igual a dA onde Z > 0 e 0 onde Z <= 0.
    """
    ### BEGIN SOLUTION
    Z = cache
    dZ = np.array(dA, dtype=float, copy=True)
    dZ[Z <= 0] = 0
    return dZ
    ### END SOLUTION
