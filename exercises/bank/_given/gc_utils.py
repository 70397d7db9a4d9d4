"""gc_utils: the helpers of the gradient-checking exercise, as the notebooks' gc_utils gives them.

The network LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID with layer sizes 4, 5, 3, 1, its
cost, and the conversions between a dict of parameters (or of gradients) and one column vector. Unlike
dnn_utils, sigmoid and relu here return the activation alone, as in the notebook. Code the student may
read.
"""

import numpy as np


def sigmoid(x):
    """Sigmoide elemento a elemento; devolve só a ativação (sem cache)."""
    return 1.0 / (1.0 + np.exp(-x))


def relu(x):
    """ReLU elemento a elemento; devolve só a ativação (sem cache)."""
    return np.maximum(0, x)


def forward_propagation_n(X, Y, parameters):
    """Ida da rede LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID e o custo de entropia cruzada médio.

    X: (4, m); Y: (1, m); parameters: W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1).
    Devolve (cost, cache): cost é um float e cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3).
    """
    m = X.shape[1]
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    losses = Y * np.log(A3) + (1 - Y) * np.log(1 - A3)
    cost = float(-np.sum(losses) / m)
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return cost, cache


def dictionary_to_vector(parameters):
    """Empilha W1, b1, W2, b2, ... (nessa ordem, cada matriz linha a linha) num único vetor coluna.

    Devolve (theta, keys): theta de forma (n, 1), com n o número total de parâmetros, e keys a lista
    com o nome do parâmetro de onde veio cada entrada de theta.
    """
    layers = len([key for key in parameters if key.startswith("W")])
    pieces, keys = [], []
    for layer in range(1, layers + 1):
        for name in ("W" + str(layer), "b" + str(layer)):
            pieces.append(np.reshape(parameters[name], (-1, 1)))
            keys += [name] * parameters[name].size
    return np.concatenate(pieces, axis=0), keys


def vector_to_dictionary(theta, layer_dims=(4, 5, 3, 1)):
    """O inverso de dictionary_to_vector: remonta o dicionário W1, b1, ... a partir do vetor theta.

    layer_dims dá o tamanho de cada camada; o padrão é a rede 4 -> 5 -> 3 -> 1 deste exercício.
    """
    parameters, start = {}, 0
    for layer in range(1, len(layer_dims)):
        rows, columns = layer_dims[layer], layer_dims[layer - 1]
        parameters["W" + str(layer)] = np.reshape(theta[start : start + rows * columns], (rows, columns))
        start += rows * columns
        parameters["b" + str(layer)] = np.reshape(theta[start : start + rows], (rows, 1))
        start += rows
    return parameters


def gradients_to_vector(gradients):
    """Empilha dW1, db1, dW2, db2, ... na mesma ordem de dictionary_to_vector; devolve um vetor (n, 1).

    Outras chaves do dicionário (dZ3, dA2, ...) são ignoradas.
    """
    layers = len([key for key in gradients if key.startswith("dW")])
    pieces = []
    for layer in range(1, layers + 1):
        for name in ("dW" + str(layer), "db" + str(layer)):
            pieces.append(np.reshape(gradients[name], (-1, 1)))
    return np.concatenate(pieces, axis=0)
