import numpy as np


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01,
                                beta1=0.9, beta2=0.999, epsilon=1e-8):
    """Um passo do Adam.

    parameters: {"W1", "b1", ...}; grads, v e s: {"dW1", "db1", ...}; t: número do passo (começa em 1).
    v = beta1 v + (1 - beta1) dθ;  s = beta2 s + (1 - beta2) dθ²;
    v_corr = v / (1 - beta1**t);  s_corr = s / (1 - beta2**t);
    θ = θ - learning_rate * v_corr / (sqrt(s_corr) + epsilon)   <- epsilon FORA da raiz.
    Devolve (parameters, v, s), com v e s sem a correção de viés.
    """
    # TODO
    raise NotImplementedError
