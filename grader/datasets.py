"""Data for the checks: seeded draws from scikit-learn's generators, and random networks.

Nothing is downloaded. scikit-learn is imported on first use only (it takes about a second), so
exercises that do not need it do not pay for it.
"""

import numpy as np


def _seed(rng: np.random.Generator) -> int:
    return int(rng.integers(0, 2**31 - 1))


def moons(rng: np.random.Generator, n_train: int, n_test: int, noise: float = 0.2):
    """Two interleaved half-moons, examples as columns: (X_train (2, n), Y_train (1, n), X_test, Y_test)."""
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n_train + n_test, noise=noise, random_state=_seed(rng))
    return _split(X, y, n_train)


def circles(rng: np.random.Generator, n_train: int, n_test: int, noise: float = 0.1, factor: float = 0.5):
    """A circle inside a ring, examples as columns: (X_train (2, n), Y_train (1, n), X_test, Y_test)."""
    from sklearn.datasets import make_circles

    X, y = make_circles(n_samples=n_train + n_test, noise=noise, factor=factor, random_state=_seed(rng))
    return _split(X, y, n_train)


def blobs(rng: np.random.Generator, n_train: int, n_test: int, spread: float = 1.0):
    """Two Gaussian blobs in 2-D, examples as rows (the gradient-descent notebook's convention):
    (X_train (n, 2), y_train (n,), X_test, y_test)."""
    from sklearn.datasets import make_blobs

    X, y = make_blobs(
        n_samples=n_train + n_test, centers=[[-1.5, -1.0], [1.5, 1.0]], cluster_std=spread, random_state=_seed(rng)
    )
    return X[:n_train], y[:n_train].astype(float), X[n_train:], y[n_train:].astype(float)


def _split(X, y, n_train: int):
    X, y = X.T.astype(np.float64), y.reshape(1, -1).astype(np.float64)
    return X[:, :n_train], y[:, :n_train], X[:, n_train:], y[:, n_train:]


def network(rng: np.random.Generator, dims, scale: float | None = None) -> dict:
    """Parameters {"W1", "b1", ...} of a net with layer sizes ``dims``; weights N(0, 1/n) unless ``scale``."""
    parameters = {}
    for layer in range(1, len(dims)):
        std = scale if scale is not None else 1 / np.sqrt(dims[layer - 1])
        parameters[f"W{layer}"] = rng.normal(0, std, size=(dims[layer], dims[layer - 1]))
        parameters[f"b{layer}"] = rng.normal(0, 0.1, size=(dims[layer], 1))
    return parameters


def labels(rng: np.random.Generator, m: int) -> np.ndarray:
    """0/1 labels of shape (1, m) with both classes present."""
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    Y[0, 0], Y[0, -1] = 0.0, 1.0
    return Y
