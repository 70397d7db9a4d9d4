import numpy as np


def sigmoid(x):
    """Sigmoide elemento a elemento: 1 / (1 + e^(-x))."""
    # TODO
    raise NotImplementedError


def output_formula(features, weights, bias):
    """Predição contínua sigmoid(features · weights + bias).

    features: um exemplo (n,) ou um lote de linhas (m, n); weights: (n,); bias: escalar.
    """
    # TODO
    raise NotImplementedError


def error_formula(y, output):
    """Entropia cruzada de um exemplo: -y ln(output) - (1 - y) ln(1 - output)."""
    # TODO
    raise NotImplementedError


def update_weights(x, y, weights, bias, learnrate):
    """Um passo de gradiente descendente para um exemplo x (n,) com rótulo y.

    Devolve (new_weights, new_bias), com w + learnrate * (y - ŷ) * x e b + learnrate * (y - ŷ).
    """
    # TODO
    raise NotImplementedError
