import numpy as np


def xor_parameters():
    """Pesos e vieses de uma rede 2-2-1 com função degrau que calcula o XOR.

    Devolve {"W1": (2, 2), "b1": (2, 1), "W2": (1, 2), "b2": (1, 1)}.
    A rede é H = step(W1 X + b1), saída = step(W2 H + b2), com step(t) = 1 se t >= 0.
    """
    ### BEGIN SOLUTION
    W1 = np.array(
        [
            [1.0, 1.0],  # neurônio 1: OR  (x1 + x2 - 0.5 >= 0)
            [1.0, 1.0],
        ]
    )  # neurônio 2: AND (x1 + x2 - 1.5 >= 0)
    b1 = np.array([[-0.5], [-1.5]])
    W2 = np.array([[1.0, -1.0]])  # OR - AND - 0.5 >= 0 só quando OR=1 e AND=0
    b2 = np.array([[-0.5]])
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    ### END SOLUTION
