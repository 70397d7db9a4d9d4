import numpy as np


# ---------------------------------------------------------------------------
# Funções auxiliares já prontas (de exercícios anteriores). Não precisa alterá-las.
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Sua parte
# ---------------------------------------------------------------------------


def linear_backward(dZ, cache):
    """Gradientes da parte linear de uma camada.

    dZ: (n_atual, m); cache = (A_prev, W, b) guardado em linear_forward.
    Devolve (dA_prev, dW, db) com dW = dZ A_prev^T / m, db = soma de dZ nas colunas / m
    (forma (n_atual, 1)) e dA_prev = W^T dZ. Cada gradiente tem a forma do que ele deriva.
    """
    # TODO
    raise NotImplementedError


def linear_activation_backward(dA, cache, activation):
    """Backward de LINEAR -> ATIVAÇÃO.

    cache = ((A_prev, W, b), Z); activation é "relu" ou "sigmoid".
    Calcule dZ com relu_backward ou sigmoid_backward e depois use linear_backward.
    Devolve (dA_prev, dW, db).
    """
    # TODO
    raise NotImplementedError
