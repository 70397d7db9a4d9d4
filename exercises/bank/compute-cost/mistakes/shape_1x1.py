# mistake: uses np.dot and returns a (1, 1) array instead of a scalar; blames: compute_cost
import numpy as np


def compute_cost(AL, Y):
    """Entropia cruzada média sobre os m exemplos; devolve um float."""
    m = Y.shape[1]
    cost = -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m
    return cost
