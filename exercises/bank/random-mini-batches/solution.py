import numpy as np


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """Embaralha os exemplos e os divide em minilotes.

    X: entradas (n_x, m), um exemplo por coluna; Y: rótulos (1, m) (ou (n_y, m)), na ordem de X;
    mini_batch_size: exemplos por minilote; seed: semente do sorteio (use np.random.default_rng(seed)
    ou np.random.seed(seed)).
    Sorteie UMA permutação das m colunas e aplique-a a X e a Y, para que cada exemplo continue com o
    seu rótulo. Depois corte as colunas embaralhadas em pedaços de mini_batch_size; se m não for
    múltiplo de mini_batch_size, o último minilote fica com as m % mini_batch_size colunas restantes.
    Devolve a lista [(mini_batch_X, mini_batch_Y), ...].
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    m = X.shape[1]
    permutation = rng.permutation(m)
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation]
    mini_batches = []
    for start in range(0, m, mini_batch_size):
        mini_batch_X = shuffled_X[:, start : start + mini_batch_size]
        mini_batch_Y = shuffled_Y[:, start : start + mini_batch_size]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    return mini_batches
    ### END SOLUTION
