import numpy as np
from dnn_utils import (
    L_model_forward,
    linear_activation_backward,
    linear_backward,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
)


def L_model_backward(AL, Y, caches):
    """Retropropagação de [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    AL: saída (1, m) de L_model_forward; Y: rótulos (1, m); caches: a lista de L caches.
    Comece com dAL = -(Y / AL - (1 - Y) / (1 - AL)), trate a última camada com "sigmoid" e
    as demais, de trás para frente, com "relu".
    Devolve grads com grads["dW" + str(l)] e grads["db" + str(l)] para l = 1..L
    (e grads["dA" + str(l)] para l = 0..L-1).
    """
    ### BEGIN SOLUTION
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    dA_prev, dW, db = linear_activation_backward(dAL, current_cache, "sigmoid")
    grads["dA" + str(L - 1)] = dA_prev
    grads["dW" + str(L)] = dW
    grads["db" + str(L)] = db
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")
        grads["dA" + str(l)] = dA_prev
        grads["dW" + str(l + 1)] = dW
        grads["db" + str(l + 1)] = db
    return grads
    ### END SOLUTION
