import numpy as np


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """Um passo de gradiente descendente com momento.

    parameters: {"W1", "b1", ..., "WL", "bL"}; grads e v: {"dW1", "db1", ..., "dWL", "dbL"}.
    Para cada parâmetro θ: v[dθ] = beta * v[dθ] + (1 - beta) * dθ e θ = θ - learning_rate * v[dθ].
    Devolve (parameters, v) atualizados.
    """
    # TODO
    raise NotImplementedError
