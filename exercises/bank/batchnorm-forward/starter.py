import numpy as np


def batchnorm_forward(Z, gamma, beta, eps):
    """Batch normalization na propagação para frente.

    Z: (n, m), uma unidade por linha e um exemplo por coluna; gamma, beta: (n, 1); eps: pequeno > 0.
    Para cada linha: mu = média e var = variância (enviesada, divisão por m) sobre os exemplos;
    Z_norm = (Z - mu) / sqrt(var + eps); Z_tilde = gamma * Z_norm + beta.
    Devolve (Z_tilde, cache); o cache pode guardar o que você quiser.
    """
    # TODO
    raise NotImplementedError
