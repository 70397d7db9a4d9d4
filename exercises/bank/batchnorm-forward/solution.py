import numpy as np


def batchnorm_forward(Z, gamma, beta, eps):
    """Batch normalization na propagação para frente.

    Z: (n, m), uma unidade por linha e um exemplo por coluna; gamma, beta: (n, 1); eps: pequeno > 0.
    Para cada linha: mu = média e var = variância (enviesada, divisão por m) sobre os exemplos;
    Z_norm = (Z - mu) / sqrt(var + eps); Z_tilde = gamma * Z_norm + beta.
    Devolve (Z_tilde, cache); o cache pode guardar o que você quiser.
    """
    ### BEGIN SOLUTION
    mu = np.mean(Z, axis=1, keepdims=True)
    var = np.var(Z, axis=1, keepdims=True)
    Z_norm = (Z - mu) / np.sqrt(var + eps)
    Z_tilde = gamma * Z_norm + beta
    cache = (Z, Z_norm, mu, var, gamma, beta, eps)
    return Z_tilde, cache
    ### END SOLUTION
