import numpy as np


# ---------------------------------------------------------------------------
# Funções auxiliares já prontas (de exercícios anteriores). Não precisa alterá-las.
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Sua parte
# ---------------------------------------------------------------------------


def linear_forward(A, W, b):
    """Parte linear de uma camada.

    A: (n_anterior, m), W: (n_atual, n_anterior), b: (n_atual, 1).
    Devolve (Z, cache) com Z = W A + b, de forma (n_atual, m), e cache = (A, W, b).
    """
    # TODO
    raise NotImplementedError


def linear_activation_forward(A_prev, W, b, activation):
    """LINEAR -> ATIVAÇÃO.

    activation é "relu" ou "sigmoid". Use linear_forward e depois relu ou sigmoid.
    Devolve (A, cache) com cache = (linear_cache, activation_cache) = ((A_prev, W, b), Z).
    """
    # TODO
    raise NotImplementedError
