import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    """Parâmetros de uma rede de duas camadas n_x -> n_h -> n_y.

    Devolve {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}, com pesos
    pequenos e aleatórios (por exemplo np.random.randn(...) * 0.01) e vieses nulos.
    """
    # TODO
    raise NotImplementedError


def initialize_parameters_deep(layer_dims):
    """Parâmetros de uma rede com layer_dims = [n0, n1, ..., nL].

    Devolve {"W1", "b1", ..., "WL", "bL"} com W[l] de forma (n[l], n[l-1]) e b[l] = zeros (n[l], 1).
    Sugestão: W[l] = np.random.randn(n[l], n[l-1]) / np.sqrt(n[l-1]).
    """
    # TODO
    raise NotImplementedError
