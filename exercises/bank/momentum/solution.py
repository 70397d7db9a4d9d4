def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """Um passo de gradiente descendente com momento em todos os parâmetros W1, b1, ..., WL, bL.

    parameters: {"W1", "b1", ..., "WL", "bL"}; grads e v: {"dW1", "db1", ..., "dWL", "dbL"}.
    Para cada parâmetro, primeiro atualize a velocidade: a média exponencialmente ponderada dos
    gradientes, com peso beta na velocidade anterior e (1 - beta) no gradiente; depois desça
    learning_rate vezes a velocidade nova. Devolve (parameters, v) atualizados.
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
