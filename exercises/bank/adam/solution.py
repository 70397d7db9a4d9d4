import numpy as np


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """Um passo do Adam.

    parameters: {"W1", "b1", ...}; grads, v e s: {"dW1", "db1", ...}; t: número do passo (começa em 1).
    v = beta1 v + (1 - beta1) dθ;  s = beta2 s + (1 - beta2) dθ²;
    v_corr = v / (1 - beta1**t);  s_corr = s / (1 - beta2**t);
    θ = θ - learning_rate * v_corr / (sqrt(s_corr) + epsilon)   <- epsilon FORA da raiz.
    Devolve (parameters, v, s), com v e s sem a correção de viés.
    """
    ### BEGIN SOLUTION
    parameters = dict(parameters)
    v = dict(v)
    s = dict(s)
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for p in ("W", "b"):
            key = "d" + p + str(l)
            v[key] = beta1 * v[key] + (1 - beta1) * grads[key]
            s[key] = beta2 * s[key] + (1 - beta2) * np.square(grads[key])
            v_corrected = v[key] / (1 - beta1**t)
            s_corrected = s[key] / (1 - beta2**t)
            parameters[p + str(l)] = parameters[p + str(l)] - learning_rate * v_corrected / (
                np.sqrt(s_corrected) + epsilon
            )
    return parameters, v, s
    ### END SOLUTION
