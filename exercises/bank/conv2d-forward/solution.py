import numpy as np


def conv2d(image, kernel, stride=1, padding=0):
    """Convolução 2-D (correlação cruzada) de uma imagem de um canal.

    image: (H, W); kernel: (kh, kw); stride: passo; padding: número de zeros em cada lado.
    Não inverta o kernel. A saída tem forma
    (floor((H + 2*padding - kh) / stride) + 1, floor((W + 2*padding - kw) / stride) + 1).
    """
    ### BEGIN SOLUTION
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
    ### END SOLUTION
