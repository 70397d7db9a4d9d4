import numpy as np
from dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward


def linear_forward(A, W, b):
    """Parte linear de uma camada.

    A: (n_anterior, m), W: (n_atual, n_anterior), b: (n_atual, 1).
    Devolve (Z, cache) com Z = W A + b, de forma (n_atual, m), e cache = (A, W, b).
    """
    ### BEGIN SOLUTION
    Z = np.dot(W, A) + b
    cache = (A, W, b)
    return Z, cache
    ### END SOLUTION


def linear_activation_forward(A_prev, W, b, activation):
    """LINEAR -> ATIVAÇÃO.

    activation é "relu" ou "sigmoid". Use linear_forward e depois relu ou sigmoid.
    Devolve (A, cache) com cache = (linear_cache, activation_cache) = ((A_prev, W, b), Z).
    """
    ### BEGIN SOLUTION
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        A, activation_cache = relu(Z)
    else:
        raise ValueError("activation deve ser 'relu' ou 'sigmoid'")
    cache = (linear_cache, activation_cache)
    return A, cache
    ### END SOLUTION
