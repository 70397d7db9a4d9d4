def dropout_forward(A, keep_prob, rng):
    """Dropout invertido.

    A: ativações de uma camada (qualquer forma); keep_prob: probabilidade de manter uma unidade;
    rng: um numpy.random.Generator (use-o para sortear).
    Sorteie uma máscara uniforme com a forma de A (True/1 com probabilidade keep_prob), zere as
    unidades descartadas e divida as restantes por keep_prob. Devolve (A_drop, mask).
    """
    ### BEGIN SOLUTION
    mask = rng.random(A.shape) < keep_prob
    A_drop = A * mask / keep_prob
    return A_drop, mask
    ### END SOLUTION
