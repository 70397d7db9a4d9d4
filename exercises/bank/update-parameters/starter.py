import numpy as np


def update_parameters(parameters, grads, learning_rate):
    """Um passo de gradiente descendente em todas as camadas.

    parameters: {"W1", "b1", ..., "WL", "bL"}; grads: {"dW1", "db1", ..., "dWL", "dbL"}.
    W[l] = W[l] - learning_rate * dW[l] e b[l] = b[l] - learning_rate * db[l].
    Devolve o dicionário de parâmetros atualizado.
    """
    # TODO
    raise NotImplementedError
