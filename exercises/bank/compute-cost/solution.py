import numpy as np
from dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward


def compute_cost(AL, Y):
    """Custo de entropia cruzada médio.

    AL: probabilidades (1, m); Y: rótulos 0/1 (1, m).
    Devolve um escalar (float): -(1/m) * soma(Y ln AL + (1 - Y) ln(1 - AL)).
    """
    ### BEGIN SOLUTION
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(np.squeeze(cost))
    ### END SOLUTION
