def dropout_forward(A, keep_prob, rng):
    """Dropout invertido: mantém cada unidade com probabilidade keep_prob e divide por keep_prob.

    Devolve (A_drop, mask), com mask booleana da forma de A.
    """
    mask = rng.random(A.shape) < keep_prob
    A_drop = A * mask / keep_prob
    return A_drop, mask
