from dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward


def update_parameters(parameters, grads, learning_rate):
    """Um passo de gradiente descendente em todas as camadas.

    parameters: {"W1", "b1", ..., "WL", "bL"}; grads: {"dW1", "db1", ..., "dWL", "dbL"}.
    W[l] = W[l] - learning_rate * dW[l] e b[l] = b[l] - learning_rate * db[l].
    Devolve o dicionário de parâmetros atualizado.
    """
    ### BEGIN SOLUTION
    parameters = dict(parameters)
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters
    ### END SOLUTION
