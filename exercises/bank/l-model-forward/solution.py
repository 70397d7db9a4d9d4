import numpy as np
from dnn_utils import linear_activation_forward, linear_forward, relu, relu_backward, sigmoid, sigmoid_backward


def L_model_forward(X, parameters):
    """Propagação para frente: [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    X: (n_x, m); parameters: {"W1", "b1", ..., "WL", "bL"}, logo L = len(parameters) // 2.
    A camada l usa parameters["W" + str(l)] e parameters["b" + str(l)].
    Devolve (AL, caches): AL de forma (1, m) e caches uma lista com os L caches de
    linear_activation_forward, na ordem das camadas.
    """
    ### BEGIN SOLUTION
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
    ### END SOLUTION
