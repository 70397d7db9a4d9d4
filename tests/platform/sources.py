"""Student submissions used across the platform tests, written as a student would."""

CORRECT_SOFTMAX = """import numpy as np

def softmax(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(x - x.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
"""

NAIVE_SOFTMAX = """import numpy as np

def softmax(x):
    x = np.asarray(x, dtype=float)
    return np.exp(x) / np.sum(np.exp(x), axis=0)
"""

SYNTAX_ERROR = """import numpy as np

def softmax(x):
    e = np.exp(x - np.max(x, axis=0)
    return e / e.sum(axis=0)
"""

INFINITE_LOOP = """def softmax(x):
    while True:
        pass
"""

RAISES = """def softmax(x):
    raise ValueError("not finished")
"""
