# mistake: averages over the examples instead of summing; blames: cross_entropy
import numpy as np


def cross_entropy(Y, P):
    Y = np.asarray(Y, dtype=float)
    P = np.asarray(P, dtype=float)
    return float(-np.mean(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P)))
