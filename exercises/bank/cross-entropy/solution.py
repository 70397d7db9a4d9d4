import numpy as np


def cross_entropy(Y, P):
    """Entropia cruzada binária, somada sobre os exemplos.

    Y: rótulos 0/1 (lista ou array 1-D); P: probabilidade de cada exemplo ser da classe 1.
    Devolve um float: -soma(Y ln P + (1 - Y) ln(1 - P)), com logaritmo natural.
    """
    ### BEGIN SOLUTION
    Y = np.asarray(Y, dtype=float)
    P = np.asarray(P, dtype=float)
    return float(-np.sum(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P)))
    ### END SOLUTION
