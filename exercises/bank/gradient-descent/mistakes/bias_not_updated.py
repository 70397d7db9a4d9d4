# mistake: updates the weights but returns the bias unchanged; blames: update_weights
import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def output_formula(features, weights, bias):
    return sigmoid(np.dot(features, weights) + bias)


def error_formula(y, output):
    y = np.asarray(y, dtype=float)
    output = np.asarray(output, dtype=float)
    return -y * np.log(output) - (1.0 - y) * np.log(1.0 - output)


def update_weights(x, y, weights, bias, learnrate):
    x = np.asarray(x, dtype=float)
    output = output_formula(x, weights, bias)
    d_error = y - output
    new_weights = np.asarray(weights, dtype=float) + learnrate * d_error * x
    return new_weights, bias
