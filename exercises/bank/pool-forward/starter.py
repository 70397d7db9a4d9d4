import numpy as np


def pool2d(image, size, stride=1, mode="avg"):
    """Pooling 2-D de uma imagem de um canal.

    image: (H, W); janela quadrada size x size; stride: passo; sem preenchimento.
    mode "avg": média de cada janela; mode "max": máximo de cada janela.
    Saída de forma (floor((H - size) / stride) + 1, floor((W - size) / stride) + 1).
    """
    # TODO
    raise NotImplementedError
