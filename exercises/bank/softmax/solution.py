import numpy as np


def softmax(x):
    """Softmax estável sobre o eixo 0 (cada coluna de uma entrada 2-D)."""
    x = np.asarray(x, dtype=float)
    shifted = x - np.max(x, axis=0, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=0, keepdims=True)
