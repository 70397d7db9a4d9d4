import numpy as np


def sigmoid(x):
    """Sigmoide elemento a elemento: 1 / (1 + e^(-x))."""
    ### BEGIN SOLUTION
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))
    ### END SOLUTION


def output_formula(features, weights, bias):
    """Predição contínua sigmoid(features · weights + bias).

    features: um exemplo (n,) ou um lote de linhas (m, n); weights: (n,); bias: escalar.
    """
    ### BEGIN SOLUTION
    return sigmoid(np.dot(features, weights) + bias)
    ### END SOLUTION


def error_formula(y, output):
    """Entropia cruzada de um exemplo: -y ln(output) - (1 - y) ln(1 - output)."""
    ### BEGIN SOLUTION
    y = np.asarray(y, dtype=float)
    output = np.asarray(output, dtype=float)
    return -y * np.log(output) - (1.0 - y) * np.log(1.0 - output)
    ### END SOLUTION


def update_weights(x, y, weights, bias, learnrate):
    """Um passo de gradiente descendente para um exemplo x (n,) com rótulo y.

    Devolve (new_weights, new_bias), com w + learnrate * (y - ŷ) * x e b + learnrate * (y - ŷ).
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    output = output_formula(x, weights, bias)
    d_error = y - output
    new_weights = np.asarray(weights, dtype=float) + learnrate * d_error * x
    new_bias = bias + learnrate * d_error
    return new_weights, new_bias
    ### END SOLUTION
