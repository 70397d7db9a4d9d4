import numpy as np
from dnn_utils import (
    compute_cost,
    initialize_parameters,
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    update_parameters,
)


def model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Treina a rede com gradiente descendente em lote e devolve o dicionário de parâmetros.

    X: (n_x, m), um exemplo por coluna; Y: rótulos 0/1 de forma (1, m).
    layers_dims = (n_x, n_h, n_y). A cada iteração: propagação para frente LINEAR -> RELU -> LINEAR -> SIGMOID,
    dA2 = -(Y / A2 - (1 - Y) / (1 - A2)), retropropagação das duas camadas e update_parameters.
    """
    ### BEGIN SOLUTION
    np.random.seed(1)
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(num_iterations):
        W1, b1 = parameters["W1"], parameters["b1"]
        W2, b2 = parameters["W2"], parameters["b2"]
        A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
        A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 100 == 0:
            print(f"Custo após a iteração {i}: {compute_cost(A2, Y)}")
    return parameters
    ### END SOLUTION


def predict(X, parameters):
    """Predições da rede treinada.

    Devolve um array (1, m) de 0/1: 1 onde a saída sigmoide é maior que 0,5.
    """
    ### BEGIN SOLUTION
    A1, _ = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
    A2, _ = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
    return (A2 > 0.5).astype(int)
    ### END SOLUTION
