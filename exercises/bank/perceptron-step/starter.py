import numpy as np


def step(t):
    """Função degrau: 1 se t >= 0, senão 0.

    t: número ou ndarray. Para um ndarray, devolva um array de inteiros com a mesma forma.
    """
    # TODO: implemente a função degrau
    raise NotImplementedError


def prediction(X, W, b):
    """Predição discreta do perceptron.

    X: (n, m), um exemplo por coluna; W: (1, n); b: escalar.
    Devolve um array (1, m) de 0/1 igual a step(W X + b).
    """
    # TODO: calcule W X + b e aplique step
    raise NotImplementedError


def perceptron_step(X, y, W, b, learn_rate):
    """Uma passada do truque do perceptron sobre as colunas de X, em ordem.

    y: rótulos 0/1 de forma (1, m). Se o ponto é 1 e foi predito 0, some learn_rate * x^T a W
    e learn_rate a b; se é 0 e foi predito 1, subtraia. Devolve (W, b).
    """
    # TODO: percorra os exemplos e atualize W e b
    raise NotImplementedError
