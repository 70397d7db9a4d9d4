import numpy as np


def sigmoid(Z):
    """Sigmoide elemento a elemento.

    Devolve (A, cache): A = 1 / (1 + e^(-Z)) com a forma de Z, e cache = Z.
    """
    # TODO
    raise NotImplementedError


def relu(Z):
    """ReLU elemento a elemento.

    Devolve (A, cache): A = max(0, Z) com a forma de Z, e cache = Z.
    """
    # TODO
    raise NotImplementedError


def sigmoid_backward(dA, cache):
    """Gradiente da sigmoide.

    cache é o Z guardado no forward. Devolve dZ = dA * s * (1 - s), com s = sigmoide(Z).
    """
    # TODO
    raise NotImplementedError


def relu_backward(dA, cache):
    """Gradiente da ReLU.

    cache é o Z guardado no forward. Devolve dZ igual a dA onde Z > 0 e 0 onde Z <= 0.
    """
    # TODO
    raise NotImplementedError
