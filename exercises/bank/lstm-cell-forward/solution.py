import numpy as np
from rnn_utils import sigmoid, softmax


def lstm_cell_forward(xt, a_prev, c_prev, parameters):
    """Um passo de tempo de uma célula LSTM.

    xt: (n_x, m); a_prev, c_prev: (n_a, m), o estado oculto e a memória do instante anterior;
    parameters: "Wf", "Wi", "Wc", "Wo" (n_a, n_a + n_x), "bf", "bi", "bc", "bo" (n_a, 1),
    "Wy" (n_y, n_a) e "by" (n_y, 1).
    concat = [a_prev; xt] (a_prev em cima, eixo 0); portas ft, it, ot = sigmoid(W · concat + b);
    candidato cct = tanh(Wc · concat + bc); c_next = ft * c_prev + it * cct;
    a_next = ot * tanh(c_next); yt_pred = softmax(Wy · a_next + by) (cada coluna soma 1).
    Devolve (a_next, c_next, yt_pred, cache), com
    cache = (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters) (não é avaliado).
    """
    ### BEGIN SOLUTION
    concat = np.concatenate([a_prev, xt], axis=0)
    ft = sigmoid(parameters["Wf"] @ concat + parameters["bf"])
    it = sigmoid(parameters["Wi"] @ concat + parameters["bi"])
    cct = np.tanh(parameters["Wc"] @ concat + parameters["bc"])
    ot = sigmoid(parameters["Wo"] @ concat + parameters["bo"])
    c_next = ft * c_prev + it * cct
    a_next = ot * np.tanh(c_next)
    yt_pred = softmax(parameters["Wy"] @ a_next + parameters["by"])
    cache = (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)
    return a_next, c_next, yt_pred, cache
    ### END SOLUTION
