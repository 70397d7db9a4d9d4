import numpy as np


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """Um passo do Adam em todos os parâmetros W1, b1, ..., WL, bL.

    parameters: {"W1", "b1", ...}; grads, v e s: {"dW1", "db1", ...}, com as formas dos parâmetros;
    t: número do passo (começa em 1); learning_rate, beta1, beta2, epsilon: os hiperparâmetros.
    Para cada parâmetro, atualize a média dos gradientes (v, peso beta1) e a dos quadrados dos
    gradientes (s, peso beta2); corrija o viés das duas dividindo por 1 - beta**t; dê o passo com a
    média corrigida dividida pela raiz de s corrigido MAIS epsilon (epsilon fica fora da raiz).
    Devolve (parameters, v, s), com v e s guardados sem a correção de viés.
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
