"""dnn_utils: the course's helper functions, as the notebooks' dnn_utils / dnn_app_utils give them.

Exercises give the student some of these (exercise.toml: `given`); the sandbox receives only the
functions an exercise gives and what they call. Code the student may read.
"""

import numpy as np


def sigmoid(Z):
    """Sigmoide elemento a elemento. Devolve (A, cache), com cache = Z."""
    return 1.0 / (1.0 + np.exp(-Z)), Z


def relu(Z):
    """ReLU elemento a elemento. Devolve (A, cache), com cache = Z."""
    return np.maximum(Z, 0), Z


def sigmoid_backward(dA, cache):
    """dZ = dA · σ(Z) · (1 − σ(Z)), com Z = cache."""
    s = 1.0 / (1.0 + np.exp(-cache))
    return dA * s * (1.0 - s)


def relu_backward(dA, cache):
    """dZ = dA onde Z > 0 e 0 onde Z ≤ 0, com Z = cache."""
    return np.where(cache > 0, dA, 0.0)


def linear_forward(A, W, b):
    """Parte linear de uma camada: Z = W A + b. Devolve (Z, cache), com cache = (A, W, b)."""
    return W @ A + b, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """LINEAR → ATIVAÇÃO ("relu" ou "sigmoid"). Devolve (A, cache), com cache = ((A_prev, W, b), Z)."""
    activations = {"relu": relu, "sigmoid": sigmoid}
    if activation not in activations:
        raise ValueError("activation deve ser 'relu' ou 'sigmoid'")
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, Z = activations[activation](Z)
    return A, (linear_cache, Z)


def linear_backward(dZ, cache):
    """Gradientes da parte linear, médias sobre os m exemplos. cache = (A_prev, W, b). Devolve (dA_prev, dW, db)."""
    A_prev, W, _b = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m


def linear_activation_backward(dA, cache, activation):
    """Retropropagação de LINEAR → ATIVAÇÃO. cache = ((A_prev, W, b), Z). Devolve (dA_prev, dW, db)."""
    derivatives = {"relu": relu_backward, "sigmoid": sigmoid_backward}
    if activation not in derivatives:
        raise ValueError("activation deve ser 'relu' ou 'sigmoid'")
    linear_cache, Z = cache
    return linear_backward(derivatives[activation](dA, Z), linear_cache)


def initialize_parameters(n_x, n_h, n_y):
    """Parâmetros de uma rede n_x → n_h → n_y: pesos N(0, 1) · 0,01 e vieses nulos."""
    return {
        "W1": np.random.randn(n_h, n_x) * 0.01,
        "b1": np.zeros((n_h, 1)),
        "W2": np.random.randn(n_y, n_h) * 0.01,
        "b2": np.zeros((n_y, 1)),
    }


def initialize_parameters_deep(layer_dims):
    """Parâmetros de uma rede de L camadas: W[l] ~ N(0, 1) / √n[l−1] e b[l] = 0."""
    parameters = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        parameters[f"W{l}"] = np.random.randn(n, n_prev) / np.sqrt(n_prev)
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


def L_model_forward(X, parameters):
    """[LINEAR → RELU] × (L − 1) → LINEAR → SIGMOID. Devolve (AL, caches), um cache por camada."""
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        activation = "sigmoid" if l == L else "relu"
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], activation)
        caches.append(cache)
    return A, caches


def compute_cost(AL, Y):
    """Entropia cruzada média sobre os m exemplos; devolve um float."""
    m = Y.shape[1]
    losses = Y * np.log(AL) + (1 - Y) * np.log(1 - AL)
    return float(-np.sum(losses) / m)


def L_model_backward(AL, Y, caches):
    """Retropropagação da rede de L camadas. Devolve grads com dA0…dA(L−1), dW1…dWL e db1…dbL."""
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(L, 0, -1):
        activation = "sigmoid" if l == L else "relu"
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, caches[l - 1], activation)
        grads[f"dA{l - 1}"] = dA
    return grads


def update_parameters(parameters, grads, learning_rate):
    """Um passo de gradiente descendente em todas as camadas; devolve um novo dicionário."""
    return {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}


def forward_propagation(X, parameters):
    """LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID. Devolve (A3, cache) com o cache
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) usado na retropropagação."""
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.maximum(0, Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = np.maximum(0, Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = 1.0 / (1.0 + np.exp(-Z3))
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def batchnorm_forward(Z, gamma, beta, eps):
    """Batch normalization de Z (n, m) sobre os exemplos (eixo 1). Devolve (Z_tilde, cache), com
    cache = (Z, Z_norm, mu, var, gamma, beta, eps)."""
    mu = np.mean(Z, axis=1, keepdims=True)
    var = np.var(Z, axis=1, keepdims=True)
    Z_norm = (Z - mu) / np.sqrt(var + eps)
    Z_tilde = gamma * Z_norm + beta
    cache = (Z, Z_norm, mu, var, gamma, beta, eps)
    return Z_tilde, cache
