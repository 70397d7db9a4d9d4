def dropout_backward(dA, mask, keep_prob):
    """Retropropagação do dropout invertido de uma camada.

    dA: gradiente do custo em relação à saída A_drop da camada com dropout (qualquer forma);
    mask: a máscara que dropout_forward sorteou na ida, com a forma de dA (booleana ou 0/1);
    keep_prob: a mesma probabilidade de manter uma unidade usada na ida.
    Como A_drop = A * mask / keep_prob, o gradiente em relação a A é dA * mask / keep_prob:
    zero nas unidades descartadas e reescalado nas mantidas. Devolve um ndarray com a forma de dA.
    """
    ### BEGIN SOLUTION
    return dA * mask / keep_prob
    ### END SOLUTION
