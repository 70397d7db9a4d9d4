import numpy as np
from dnn_utils import batchnorm_forward


def batchnorm_backward(dZ_tilde, cache):
    """Retropropagação da batch normalization.

    dZ_tilde: (n, m), o gradiente do custo em relação a Z_tilde, a saída de batchnorm_forward;
    cache: o que batchnorm_forward devolveu (o da função fornecida é (Z, Z_norm, mu, var, gamma, beta, eps)).
    mu e var dependem de Z: o gradiente dZ também passa por eles.
    Devolve (dZ, dgamma, dbeta): dZ com a forma de Z; dgamma e dbeta (n, 1), somas sobre os
    exemplos (eixo 1), sem dividir por m.
    """
    ### BEGIN SOLUTION
    Z, Z_norm, mu, var, gamma, beta, eps = cache
    m = Z.shape[1]
    inv_std = 1.0 / np.sqrt(var + eps)
    dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)
    dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True)
    dZ_norm = dZ_tilde * gamma
    sum_dZ_norm = np.sum(dZ_norm, axis=1, keepdims=True)
    sum_dZ_norm_Z_norm = np.sum(dZ_norm * Z_norm, axis=1, keepdims=True)
    dZ = inv_std / m * (m * dZ_norm - sum_dZ_norm - Z_norm * sum_dZ_norm_Z_norm)
    return dZ, dgamma, dbeta
    ### END SOLUTION
