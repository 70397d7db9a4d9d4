# mistake: zero biases put the boundaries on the points; step(0) = 1 makes (0, 0) output 1; blames: xor_parameters
import numpy as np


def xor_parameters():
    W1 = np.array([[1.0, 1.0],
                   [-1.0, -1.0]])
    b1 = np.array([[0.0],
                   [0.0]])
    W2 = np.array([[1.0, 1.0]])
    b2 = np.array([[-2.0]])
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
