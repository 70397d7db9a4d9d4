import numpy as np


def step(t):
    """Função degrau: 1 se t >= 0, senão 0.

    t: número ou ndarray. Para um ndarray, devolva um array de inteiros com a mesma forma.
    """
    ### BEGIN SOLUTION
    out = (np.asarray(t) >= 0).astype(int)
    if out.ndim == 0:
        return int(out)
    return out
    ### END SOLUTION


def prediction(X, W, b):
    """Predição discreta do perceptron.

    X: (n, m), um exemplo por coluna; W: (1, n); b: escalar.
    Devolve um array (1, m) de 0/1 igual a step(W X + b).
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    W = np.asarray(W, dtype=float).reshape(1, -1)
    return step(W @ X + b).reshape(1, -1)
    ### END SOLUTION


def perceptron_step(X, y, W, b, learn_rate):
    """Uma passada do truque do perceptron sobre as colunas de X, em ordem.

    y: rótulos 0/1 de forma (1, m). Se o ponto é 1 e foi predito 0, some learn_rate * x^T a W
    e learn_rate a b; se é 0 e foi predito 1, subtraia. Devolve (W, b).
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).reshape(-1)
    W = np.array(W, dtype=float).reshape(1, -1)
    for i in range(X.shape[1]):
        x = X[:, i : i + 1]  # (n, 1)
        y_hat = int(prediction(x, W, b)[0, 0])
        error = y[i] - y_hat
        if error == 1:
            W = W + learn_rate * x.T
            b = b + learn_rate
        elif error == -1:
            W = W - learn_rate * x.T
            b = b - learn_rate
    return W, b
    ### END SOLUTION
