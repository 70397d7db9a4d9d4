import numpy as np


def softmax(x):
    """Softmax numericamente estável ao longo do eixo 0.

    x: lista ou ndarray, 1-D (n,) ou 2-D (n_classes, m), uma coluna por exemplo.
    Devolve um ndarray de float com a mesma forma de x, em que cada coluna soma 1.
    Subtraia o máximo de cada coluna antes de calcular a exponencial.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    shifted = x - np.max(x, axis=0, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=0, keepdims=True)
    ### END SOLUTION
