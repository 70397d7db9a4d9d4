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


def initialize_parameters_deep(layer_dims):
    """Parâmetros de uma rede de L camadas; W[l] ~ N(0, 1) / sqrt(n[l-1]), b[l] = 0."""
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def L_model_forward(X, parameters):
    """[LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID. Devolve (AL, caches)."""
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches


def compute_cost(AL, Y):
    """Entropia cruzada média sobre os m exemplos; devolve um float."""
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(np.squeeze(cost))


def L_model_backward(AL, Y, caches):
    """Backpropagation da rede de L camadas. Devolve grads com dA0..dA(L-1), dW1..dWL, db1..dbL."""
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


def update_parameters(parameters, grads, learning_rate):
    """Um passo de gradiente descendente em todas as camadas; devolve um novo dicionário."""
    parameters = dict(parameters)
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters


def model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Treina uma rede de L camadas com gradiente descendente; devolve os parâmetros."""
    np.random.seed(1)
    parameters = initialize_parameters_deep(layers_dims)
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 100 == 0:
            print(f"Custo após a iteração {i}: {compute_cost(AL, Y)}")
    return parameters


def predict(X, parameters):
    """Predições 0/1 de forma (1, m): 1 onde a probabilidade de saída passa de 0.5."""
    AL, _ = L_model_forward(X, parameters)
    return (AL > 0.5).astype(int)
