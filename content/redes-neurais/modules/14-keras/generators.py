"""Generators of the module 14 quiz (None: the lesson's MNIST CNN)."""


def dense_params(rng):
    """Parameters of Dense(units) after n inputs: n * units + units."""
    n, units = (
        (1024, 1000)
        if rng is None
        else (int(rng.choice([64, 128, 256, 784, 1024])), int(rng.choice([10, 32, 64, 100, 128])))
    )
    return {
        "params": {"n": n, "units": units, "weights": n * units, "total": n * units + units},
        "answer": n * units + units,
    }


def conv2d_params(rng):
    """Parameters of Conv2D(filters, k x k) on c input channels: (k*k*c + 1) * filters."""
    if rng is None:
        filters, k, c = 64, 5, 32
    else:
        filters, k, c = int(rng.choice([8, 16, 32, 64])), int(rng.choice([3, 5])), int(rng.choice([1, 3, 16, 32]))
    return {"params": {"filters": filters, "k": k, "c": c}, "answer": (k * k * c + 1) * filters}
