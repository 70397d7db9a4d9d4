import numpy as np
from dnn_utils import compute_cost, forward_propagation


def compute_cost_with_regularization(AL, Y, parameters, lambd):
    """Custo de entropia cruzada com regularização L2.

    AL, Y: (1, m); parameters: {"W1", "b1", ..., "WL", "bL"}; lambd: o λ.
    Devolve um float: entropia cruzada média + (lambd / (2 m)) * soma de W[l]**2 sobre todas as camadas.
    """
    ### BEGIN SOLUTION
    m = Y.shape[1]
    cross_entropy_cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    L = len(parameters) // 2
    squares = 0.0
    for l in range(1, L + 1):
        squares += np.sum(np.square(parameters["W" + str(l)]))
    L2_regularization_cost = lambd / (2 * m) * squares
    return float(cross_entropy_cost + L2_regularization_cost)
    ### END SOLUTION


def backward_propagation_with_regularization(X, Y, cache, lambd):
    """Retropropagação da rede de 3 camadas (RELU, RELU, SIGMOID) com regularização L2.

    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3), como em forward_propagation.
    Igual à retropropagação sem regularização, mas cada dW[l] ganha o termo (lambd / m) * W[l].
    Devolve o dicionário com dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1.
    """
    ### BEGIN SOLUTION
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = np.dot(dZ3, A2.T) / m + (lambd / m) * W3
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = dA2 * (A2 > 0)
    dW2 = np.dot(dZ2, A1.T) / m + (lambd / m) * W2
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (A1 > 0)
    dW1 = np.dot(dZ1, X.T) / m + (lambd / m) * W1
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {
        "dZ3": dZ3,
        "dW3": dW3,
        "db3": db3,
        "dA2": dA2,
        "dZ2": dZ2,
        "dW2": dW2,
        "db2": db2,
        "dA1": dA1,
        "dZ1": dZ1,
        "dW1": dW1,
        "db1": db1,
    }
    ### END SOLUTION
