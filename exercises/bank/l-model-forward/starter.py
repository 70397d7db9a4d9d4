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


def linear_forward(A, W, b):
    """Parte linear de uma camada: Z = W A + b. Devolve (Z, cache), com cache = (A, W, b)."""
    Z = np.dot(W, A) + b
    cache = (A, W, b)
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


# ---------------------------------------------------------------------------
# Sua parte
# ---------------------------------------------------------------------------


def L_model_forward(X, parameters):
    """Propagação para frente: [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    X: (n_x, m); parameters: {"W1", "b1", ..., "WL", "bL"}, logo L = len(parameters) // 2.
    A camada l usa parameters["W" + str(l)] e parameters["b" + str(l)].
    Devolve (AL, caches): AL de forma (1, m) e caches uma lista com os L caches de
    linear_activation_forward, na ordem das camadas.
    """
    # TODO
    raise NotImplementedError
