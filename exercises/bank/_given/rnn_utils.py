"""rnn_utils: the helpers the recurrent-network notebooks import. Unlike dnn_utils.sigmoid, these
return only the array. Code the student may read.
"""

import numpy as np


def softmax(x):
    """Softmax de cada coluna (eixo 0): cada coluna do resultado soma 1. Subtrai o máximo de cada
    coluna antes da exponencial, para não transbordar."""
    e = np.exp(x - np.max(x, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def sigmoid(x):
    """Sigmoide elemento a elemento: 1 / (1 + exp(-x)). Devolve só o array."""
    return 1.0 / (1.0 + np.exp(-x))
