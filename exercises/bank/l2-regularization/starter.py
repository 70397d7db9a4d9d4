import numpy as np


# ---------------------------------------------------------------------------
# Funções auxiliares já prontas (de exercícios anteriores). Não precisa alterá-las.
# ---------------------------------------------------------------------------


def forward_propagation(X, parameters):
    """LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID. Devolve (A3, cache) com o cache
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) usado na retropropagação."""
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.maximum(0, Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = np.maximum(0, Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = 1.0 / (1.0 + np.exp(-Z3))
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


# ---------------------------------------------------------------------------
# Sua parte
# ---------------------------------------------------------------------------


def compute_cost_with_regularization(AL, Y, parameters, lambd):
    """Custo de entropia cruzada com regularização L2.

    AL, Y: (1, m); parameters: {"W1", "b1", ..., "WL", "bL"}; lambd: o λ.
    Devolve um float: entropia cruzada média + (lambd / (2 m)) * soma de W[l]**2 sobre todas as camadas.
    """
    # TODO
    raise NotImplementedError


def backward_propagation_with_regularization(X, Y, cache, lambd):
    """Retropropagação da rede de 3 camadas (RELU, RELU, SIGMOID) com regularização L2.

    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3), como em forward_propagation.
    Igual à retropropagação sem regularização, mas cada dW[l] ganha o termo (lambd / m) * W[l].
    Devolve o dicionário com dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1.
    """
    # TODO
    raise NotImplementedError
