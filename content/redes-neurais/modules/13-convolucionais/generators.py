"""Generators of the module 13 quiz (None: the slides' 5x5 image and 3x3 kernel).

Convolution here is cross-correlation (the kernel is not flipped), as in the slides and in CNN
libraries; the values are computed, never copied: the slides print a wrong map for p=1, s=2."""

import numpy as np

SLIDES_IMAGE = [[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]]
SLIDES_KERNEL = [[0, 1, 2], [2, 2, 0], [0, 1, 2]]


def _conv(image, kernel, stride=1, padding=0):
    image = np.pad(np.asarray(image, float), padding)
    kernel = np.asarray(kernel, float)
    k = kernel.shape[0]
    size = (image.shape[0] - k) // stride + 1
    out = np.zeros((size, size))
    for i in range(size):
        for j in range(size):
            out[i, j] = np.sum(image[i * stride : i * stride + k, j * stride : j * stride + k] * kernel)
    return out


def _pool(image, size, stride=1):
    image = np.asarray(image, float)
    n = (image.shape[0] - size) // stride + 1
    return np.array(
        [
            [image[i * stride : i * stride + size, j * stride : j * stride + size].mean() for j in range(n)]
            for i in range(n)
        ]
    )


def _image_kernel(rng):
    if rng is None:
        return SLIDES_IMAGE, SLIDES_KERNEL
    return rng.integers(0, 4, size=(5, 5)).tolist(), rng.integers(0, 3, size=(3, 3)).tolist()


def conv_feature_map(rng):
    """Valid cross-correlation, stride 1: the slides' map [[12,12,17],[10,17,19],[9,6,14]]."""
    image, kernel = _image_kernel(rng)
    return {"params": {"image": image, "kernel": kernel}, "answer": _conv(image, kernel).tolist()}


def padded_conv(rng):
    """Padding 1, stride 2 (the slides print a wrong map for this one)."""
    image, kernel = _image_kernel(rng)
    return {"params": {"image": image, "kernel": kernel}, "answer": _conv(image, kernel, stride=2, padding=1).tolist()}


def conv_output_size(rng):
    """floor((i + 2p - k) / s) + 1; fixed variant i=5, k=3, p=1, s=2 -> 3."""
    if rng is None:
        i, k, p, s = 5, 3, 1, 2
    else:
        while True:
            i, k, p, s = (
                int(rng.integers(5, 65)),
                int(rng.choice([1, 3, 5, 7])),
                int(rng.integers(0, 3)),
                int(rng.integers(1, 4)),
            )
            if i + 2 * p >= k:
                break
    return {
        "params": {"i": i, "k": k, "p": p, "s": s, "span": i + 2 * p - k, "o": (i + 2 * p - k) // s + 1},
        "answer": (i + 2 * p - k) // s + 1,
    }


def avg_pooling_map(rng):
    """3x3 average pooling, stride 1; the slides round to one decimal: [[1.7,1.7,1.7],...]."""
    image = SLIDES_IMAGE if rng is None else rng.integers(0, 4, size=(5, 5)).tolist()
    means = _pool(image, 3)
    return {"params": {"image": image, "sums": np.round(means * 9).astype(int).tolist()}, "answer": means.tolist()}
