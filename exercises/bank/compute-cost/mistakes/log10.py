# mistake: uses log10 instead of the natural logarithm; blames: compute_cost
import numpy as np


def compute_cost(AL, Y):
    """Entropia cruzada média sobre os m exemplos; devolve um float."""
    m = Y.shape[1]
    cost = -np.sum(Y * np.log10(AL) + (1 - Y) * np.log10(1 - AL)) / m
    return float(np.squeeze(cost))
