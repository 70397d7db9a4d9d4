# mistake: the output neuron only copies the OR unit, so the net computes OR (1 at x1 = x2 = 1); blames: xor_parameters
import numpy as np


def xor_parameters():
    W1 = np.array([[1.0, 1.0],
                   [1.0, 1.0]])
    b1 = np.array([[-0.5],
                   [-1.5]])
    W2 = np.array([[1.0, 0.0]])
    b2 = np.array([[-0.5]])
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
