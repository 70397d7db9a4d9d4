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


def L_model_forward(X, parameters):
    """[LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID. Devolve (AL, caches)."""
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches
