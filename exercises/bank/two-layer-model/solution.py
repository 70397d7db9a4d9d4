import numpy as np


def sigmoid(Z):
    """Sigmoide elemento a elemento. Devolve (A, cache), com cache = Z."""
    A = 1.0 / (1.0 + np.exp(-Z))
    cache = Z
    return A, cache


def relu(Z):
    """ReLU elemento a elemento. Devolve (A, cache), com cache = Z."""
    A = np.maximum(0, Z)
    cache = Z
    return A, cache


def sigmoid_backward(dA, cache):
    """dZ = dA * s * (1 - s), com s = sigmoid(Z) e Z = cache."""
    Z = cache
    s = 1.0 / (1.0 + np.exp(-Z))
    dZ = dA * s * (1 - s)
    return dZ


def relu_backward(dA, cache):
    """dZ = dA onde Z > 0 e 0 onde Z <= 0, com Z = cache."""
    Z = cache
    dZ = np.array(dA, dtype=float, copy=True)
    dZ[Z <= 0] = 0
    return dZ


def linear_forward(A, W, b):
    """Parte linear de uma camada: Z = W A + b. Devolve (Z, cache), com cache = (A, W, b)."""
    Z = np.dot(W, A) + b
    cache = (A, W, b)
    return Z, cache


def linear_activation_forward(A_prev, W, b, activation):
    """LINEAR -> ATIVAÇÃO. Devolve (A, cache), com cache = ((A_prev, W, b), Z)."""
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        A, activation_cache = relu(Z)
    else:
        raise ValueError("activation deve ser 'relu' ou 'sigmoid'")
    cache = (linear_cache, activation_cache)
    return A, cache


def linear_backward(dZ, cache):
    """Gradientes da parte linear. cache = (A_prev, W, b). Devolve (dA_prev, dW, db)."""
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    """Backward de LINEAR -> ATIVAÇÃO. cache = ((A_prev, W, b), Z). Devolve (dA_prev, dW, db)."""
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
    else:
        raise ValueError("activation deve ser 'relu' ou 'sigmoid'")
    dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, db


def initialize_parameters(n_x, n_h, n_y):
    """Parâmetros de uma rede de 2 camadas: pesos pequenos e aleatórios, vieses nulos."""
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def compute_cost(AL, Y):
    """Entropia cruzada média sobre os m exemplos; devolve um float."""
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(np.squeeze(cost))


def update_parameters(parameters, grads, learning_rate):
    """Um passo de gradiente descendente em todas as camadas; devolve um novo dicionário."""
    parameters = dict(parameters)
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters


def model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Treina LINEAR -> RELU -> LINEAR -> SIGMOID com gradiente descendente; devolve os parâmetros."""
    np.random.seed(1)
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(num_iterations):
        W1, b1 = parameters["W1"], parameters["b1"]
        W2, b2 = parameters["W2"], parameters["b2"]
        A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
        A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 100 == 0:
            print(f"Custo após a iteração {i}: {compute_cost(A2, Y)}")
    return parameters


def predict(X, parameters):
    """Predições 0/1 de forma (1, m): 1 onde a probabilidade de saída passa de 0.5."""
    A1, _ = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
    A2, _ = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
    return (A2 > 0.5).astype(int)
