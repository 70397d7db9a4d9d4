import numpy as np


def conv2d(image, kernel, stride=1, padding=0):
    """Convolução 2-D (correlação cruzada) de uma imagem de um canal.

    image: (H, W); kernel: (kh, kw); stride: passo; padding: número de zeros em cada lado.
    Não inverta o kernel. A saída tem forma
    (floor((H + 2*padding - kh) / stride) + 1, floor((W + 2*padding - kw) / stride) + 1).
    """
    # TODO
    raise NotImplementedError
