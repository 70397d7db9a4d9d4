# mistake: the output neuron is an AND of the hidden OR and AND units, so the net computes AND; blames: xor_parameters
import numpy as np


def xor_parameters():
    W1 = np.array([[1.0, 1.0],
                   [1.0, 1.0]])
    b1 = np.array([[-0.5],
                   [-1.5]])
    W2 = np.array([[1.0, 1.0]])
    b2 = np.array([[-1.5]])
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
