import numpy as np


def cross_entropy(Y, P):
    """Entropia cruzada binária, somada sobre os exemplos.

    Y: rótulos 0/1 (lista ou array 1-D); P: probabilidade de cada exemplo ser da classe 1.
    Devolve um float: -soma(Y ln P + (1 - Y) ln(1 - P)), com logaritmo natural.
    """
    # TODO: converta para arrays de float e calcule a soma
    return 0.0
