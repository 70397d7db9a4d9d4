# mistake: sums the loss without dividing by m; blames: compute_cost
import numpy as np


def compute_cost(AL, Y):
    """Entropia cruzada média sobre os m exemplos; devolve um float."""
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    return float(np.squeeze(cost))
