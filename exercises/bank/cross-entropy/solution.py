import numpy as np


def cross_entropy(Y, P):
    """Entropia cruzada binária (log natural), somada sobre os exemplos."""
    Y = np.asarray(Y, dtype=float)
    P = np.asarray(P, dtype=float)
    return float(-np.sum(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P)))
