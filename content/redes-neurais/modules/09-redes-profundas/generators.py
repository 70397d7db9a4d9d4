"""Generators of the module 9 quiz (None: the course's cat-classifier sizes)."""

FIXED_DIMS = [12288, 20, 7, 5, 1]


def _dims(rng):
    if rng is None:
        return FIXED_DIMS
    return [int(rng.integers(4, 50))] + [int(v) for v in rng.integers(2, 20, size=int(rng.integers(2, 4)))] + [1]


def deep_shapes(rng):
    """Shapes of W[l] and A[l] for layer l with m examples."""
    dims = _dims(rng)
    layer = 2 if rng is None else int(rng.integers(1, len(dims)))
    m = 209 if rng is None else int(rng.integers(10, 500))
    params = {"dims": dims, "l": layer, "m": m, "l_prev": layer - 1, "n_l": dims[layer], "n_prev": dims[layer - 1]}
    return {"params": params, "answer": [dims[layer], dims[layer - 1], dims[layer], m]}


def parameter_count(rng):
    """Weights plus biases: sum of n[l] * (n[l-1] + 1)."""
    dims = _dims(rng)
    return {"params": {"dims": dims}, "answer": int(sum(dims[i] * (dims[i - 1] + 1) for i in range(1, len(dims))))}
