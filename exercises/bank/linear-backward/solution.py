import numpy as np
from dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward


def linear_backward(dZ, cache):
    """Gradientes da parte linear de uma camada.

    dZ: (n_atual, m); cache = (A_prev, W, b) guardado em linear_forward.
    Devolve (dA_prev, dW, db) com dW = dZ A_prev^T / m, db = soma de dZ nas colunas / m
    (forma (n_atual, 1)) e dA_prev = W^T dZ. Cada gradiente tem a forma do que ele deriva.
    """
    ### BEGIN SOLUTION
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
    ### END SOLUTION


def linear_activation_backward(dA, cache, activation):
    """Retropropagação de LINEAR -> ATIVAÇÃO.

    cache = ((A_prev, W, b), Z); activation é "relu" ou "sigmoid".
    Calcule dZ com relu_backward ou sigmoid_backward e depois use linear_backward.
    Devolve (dA_prev, dW, db).
    """
    ### BEGIN SOLUTION
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
    else:
        raise ValueError("activation deve ser 'relu' ou 'sigmoid'")
    dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, db
    ### END SOLUTION
