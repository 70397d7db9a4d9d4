import numpy as np
from rnn_utils import softmax


def rnn_cell_forward(xt, a_prev, parameters):
    """Um passo de tempo de uma célula RNN.

    xt: (n_x, m), a entrada no instante t; a_prev: (n_a, m), o estado oculto do instante anterior;
    parameters: dicionário com "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a), "ba" (n_a, 1)
    e "by" (n_y, 1).
    a_next = tanh(Waa · a_prev + Wax · xt + ba);
    yt_pred = softmax(Wya · a_next + by), a softmax de cada coluna (a função softmax fornecida).
    Devolve (a_next, yt_pred, cache), com cache = (a_next, a_prev, xt, parameters) (não é avaliado).
    """
    ### BEGIN SOLUTION
    Waa, Wax, Wya = parameters["Waa"], parameters["Wax"], parameters["Wya"]
    ba, by = parameters["ba"], parameters["by"]
    a_next = np.tanh(Waa @ a_prev + Wax @ xt + ba)
    yt_pred = softmax(Wya @ a_next + by)
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache
    ### END SOLUTION
