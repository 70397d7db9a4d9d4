import numpy as np


def pool2d(image, size, stride=1, mode="avg"):
    """Pooling 2-D de uma imagem de um canal.

    image: (H, W); janela quadrada size x size; stride: passo; sem preenchimento.
    mode "avg": média de cada janela; mode "max": máximo de cada janela.
    Saída de forma (floor((H - size) / stride) + 1, floor((W - size) / stride) + 1).
    """
    ### BEGIN SOLUTION
    image = np.asarray(image, dtype=float)
    if mode == "avg":
        reduce = np.mean
    elif mode == "max":
        reduce = np.max
    else:
        raise ValueError("mode deve ser 'avg' ou 'max'")
    out_h = (image.shape[0] - size) // stride + 1
    out_w = (image.shape[1] - size) // stride + 1
    out = np.zeros((out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            r, c = i * stride, j * stride
            out[i, j] = reduce(image[r : r + size, c : c + size])
    return out
    ### END SOLUTION
