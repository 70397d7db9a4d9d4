import numpy as np
from gc_utils import dictionary_to_vector, forward_propagation_n, gradients_to_vector, vector_to_dictionary


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):
    """Compara os gradientes da retropropagação com uma aproximação por diferenças centradas.

    parameters: W1, b1, W2, b2, W3, b3 da rede 4 -> 5 -> 3 -> 1; gradients: o dicionário devolvido
    por uma retropropagação (dW1, db1, ..., e talvez outras chaves); X: (4, m); Y: (1, m);
    epsilon: o deslocamento de cada parâmetro.
    Passe os parâmetros para um vetor theta (dictionary_to_vector) e os gradientes para um vetor grad
    (gradients_to_vector). Para cada entrada i de theta, some e subtraia epsilon SÓ dessa entrada,
    calcule o custo com forward_propagation_n(X, Y, vector_to_dictionary(...)) e aproxime
    gradapprox[i] = (J_mais - J_menos) / (2 * epsilon).
    Devolve a diferença relativa ||grad - gradapprox|| / (||grad|| + ||gradapprox||), um número.
    """
    ### BEGIN SOLUTION
    theta, _keys = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    n = theta.shape[0]
    gradapprox = np.zeros((n, 1))
    for i in range(n):
        theta_plus = np.copy(theta)
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus, _cache = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
        theta_minus = np.copy(theta)
        theta_minus[i] = theta_minus[i] - epsilon
        J_minus, _cache = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    return float(difference)
    ### END SOLUTION
