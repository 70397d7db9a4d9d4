import numpy as np


def batchnorm_forward(Z, gamma, beta, eps):
    """Batch normalization na propagação para frente.

    Z: (n, m), uma unidade por linha e um exemplo por coluna; gamma, beta: (n, 1); eps: pequeno > 0.
    Para cada linha, calcule a média e a variância enviesada (divisão por m) sobre os exemplos,
    normalize subtraindo a média e dividindo pelo desvio padrão, a raiz de (variância + eps), e
    então escale por gamma e desloque por beta.
    Devolve (Z_tilde, cache); o cache não é avaliado e pode guardar o que você quiser.
    """
    ### BEGIN SOLUTION
    mu = np.mean(Z, axis=1, keepdims=True)
    var = np.var(Z, axis=1, keepdims=True)
    Z_norm = (Z - mu) / np.sqrt(var + eps)
    Z_tilde = gamma * Z_norm + beta
    cache = (Z, Z_norm, mu, var, gamma, beta, eps)
    return Z_tilde, cache
    ### END SOLUTION
