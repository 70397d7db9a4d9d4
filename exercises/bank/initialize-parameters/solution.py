import numpy as np
from dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward


def initialize_parameters(n_x, n_h, n_y):
    """Parâmetros de uma rede de duas camadas n_x -> n_h -> n_y.

    Devolve {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}, com pesos
    pequenos e aleatórios (por exemplo np.random.randn(...) * 0.01) e vieses nulos.
    """
    ### BEGIN SOLUTION
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    ### END SOLUTION


def initialize_parameters_deep(layer_dims):
    """Parâmetros de uma rede com layer_dims = [n0, n1, ..., nL].

    Devolve {"W1", "b1", ..., "WL", "bL"} com W[l] de forma (n[l], n[l-1]) e b[l] = zeros (n[l], 1).
    Sugestão: W[l] = np.random.randn(n[l], n[l-1]) / np.sqrt(n[l-1]).
    """
    ### BEGIN SOLUTION
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
    ### END SOLUTION
