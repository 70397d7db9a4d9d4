import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    """Parâmetros de uma rede de 2 camadas: pesos pequenos e aleatórios, vieses nulos."""
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def initialize_parameters_deep(layer_dims):
    """Parâmetros de uma rede de L camadas; W[l] ~ N(0, 1) / sqrt(n[l-1]), b[l] = 0."""
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
