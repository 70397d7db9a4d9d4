# mistake: the slides' mask drawn from a standard normal (randn) instead of a uniform draw, so far more than keep_prob of the units survive; blames: dropout_forward
import numpy as np


def dropout_forward(A, keep_prob, rng):
    """Dropout invertido: mantém cada unidade com probabilidade keep_prob e divide por keep_prob.

    Devolve (A_drop, mask), com mask booleana da forma de A.
    """
    mask = rng.standard_normal(A.shape) < keep_prob
    A_drop = A * mask / keep_prob
    return A_drop, mask
