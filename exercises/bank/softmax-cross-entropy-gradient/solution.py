import numpy as np


def softmax_cross_entropy_cost(Z, Y):
    """Custo de entropia cruzada da softmax, médio sobre os m exemplos.

    Z: pontuações (C, m), uma coluna por exemplo; Y: rótulos one-hot (C, m), com um 1 por coluna.
    A softmax é tomada em cada coluna (eixo 0). Devolve um float:
    J = -(1/m) * soma de Y * ln(softmax(Z)).
    Subtraia o máximo de cada coluna antes de exponenciar: o corretor usa pontuações perto de 1000.
    """
    ### BEGIN SOLUTION
    m = Z.shape[1]
    shifted = Z - np.max(Z, axis=0, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    return float(-np.sum(Y * log_probs) / m)
    ### END SOLUTION


def softmax_cross_entropy_backward(Z, Y):
    """Gradiente do custo médio de softmax_cross_entropy_cost em relação a Z.

    Z, Y: como em softmax_cross_entropy_cost, forma (C, m).
    Devolve dZ com a forma de Z: dZ = (softmax(Z) - Y) / m, com a softmax estável de cada coluna.
    """
    ### BEGIN SOLUTION
    m = Z.shape[1]
    e = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    A = e / np.sum(e, axis=0, keepdims=True)
    dZ = (A - Y) / m
    return dZ
    ### END SOLUTION
