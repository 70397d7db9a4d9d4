def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """Um passo de gradiente descendente com momento.

    parameters: {"W1", "b1", ..., "WL", "bL"}; grads e v: {"dW1", "db1", ..., "dWL", "dbL"}.
    Para cada parâmetro θ: v[dθ] = beta * v[dθ] + (1 - beta) * dθ e θ = θ - learning_rate * v[dθ].
    Devolve (parameters, v) atualizados.
    """
    ### BEGIN SOLUTION
    parameters = dict(parameters)
    v = dict(v)
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for p in ("W", "b"):
            key = "d" + p + str(l)
            v[key] = beta * v[key] + (1 - beta) * grads[key]
            parameters[p + str(l)] = parameters[p + str(l)] - learning_rate * v[key]
    return parameters, v
    ### END SOLUTION
