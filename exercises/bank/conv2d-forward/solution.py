import numpy as np


def conv2d(image, kernel, stride=1, padding=0):
    """Correlação cruzada 2-D de um canal (a operação que as redes chamam de convolução).

    image: (H, W); kernel: (kh, kw), aplicado sem ser invertido; padding: zeros em todos os lados;
    saída de forma (floor((H + 2p - kh) / s) + 1, floor((W + 2p - kw) / s) + 1).
    """
    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    if padding > 0:
        image = np.pad(image, padding, mode="constant", constant_values=0.0)
    kh, kw = kernel.shape
    out_h = (image.shape[0] - kh) // stride + 1
    out_w = (image.shape[1] - kw) // stride + 1
    out = np.zeros((out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            r, c = i * stride, j * stride
            out[i, j] = np.sum(image[r : r + kh, c : c + kw] * kernel)
    return out
