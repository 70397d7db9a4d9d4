# mistake: uses the base-10 logarithm instead of the natural log; blames: cross_entropy
import numpy as np


def cross_entropy(Y, P):
    Y = np.asarray(Y, dtype=float)
    P = np.asarray(P, dtype=float)
    return float(-np.sum(Y * np.log10(P) + (1.0 - Y) * np.log10(1.0 - P)))
