# mistake: draws one value per unit (row) and drops whole rows, so the mask does not have A's shape; blames: dropout_forward
import numpy as np


def dropout_forward(A, keep_prob, rng):
    """Dropout invertido: mantém cada unidade com probabilidade keep_prob e divide por keep_prob.

    Devolve (A_drop, mask), com mask booleana da forma de A.
    """
    mask = rng.random((A.shape[0], 1)) < keep_prob
    A_drop = A * mask / keep_prob
    return A_drop, mask
