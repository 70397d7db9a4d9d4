import numpy as np


def xor_parameters():
    """Camada escondida: OR e AND; saída: OR e não AND."""
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
