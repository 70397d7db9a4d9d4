# mistake: uses the unbiased variance (ddof=1) instead of dividing by m; blames: batchnorm_forward
import numpy as np


def batchnorm_forward(Z, gamma, beta, eps):
    """Batch normalization de Z (n, m): normaliza cada unidade (linha) sobre os m exemplos.

    Z_tilde = gamma * (Z - mu) / sqrt(var + eps) + beta, com mu e var (variância enviesada) no eixo 1.
    Devolve (Z_tilde, cache).
    """
    mu = np.mean(Z, axis=1, keepdims=True)
    var = np.var(Z, axis=1, keepdims=True, ddof=1)
    Z_norm = (Z - mu) / np.sqrt(var + eps)
    Z_tilde = gamma * Z_norm + beta
    cache = (Z, Z_norm, mu, var, gamma, beta, eps)
    return Z_tilde, cache
