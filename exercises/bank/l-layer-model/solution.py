import numpy as np
from dnn_utils import (
    L_model_backward,
    L_model_forward,
    compute_cost,
    initialize_parameters_deep,
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
    layers_dims = [n_x, n_1, ..., n_y]. A cada iteração: L_model_forward, L_model_backward e
    update_parameters.
    """
    ### BEGIN SOLUTION
    np.random.seed(1)
    parameters = initialize_parameters_deep(layers_dims)
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 100 == 0:
            print(f"Custo após a iteração {i}: {compute_cost(AL, Y)}")
    return parameters
    ### END SOLUTION


def predict(X, parameters):
    """Predições da rede treinada.

    Devolve um array (1, m) de 0/1: 1 onde a saída sigmoide é maior que 0,5.
    """
    ### BEGIN SOLUTION
    AL, _ = L_model_forward(X, parameters)
    return (AL > 0.5).astype(int)
    ### END SOLUTION
