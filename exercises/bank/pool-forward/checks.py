"""Checks of pool-forward: average and max pooling with a square window, stride, no padding; the slides' map."""

import numpy as np

from grader.api import Check, call, same_as_reference

EXACT = same_as_reference(rtol=1e-9, atol=1e-9)
IMAGE = np.array([[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]])


def checks(ctx):
    rng = ctx.rng
    image = rng.normal(size=(6, 9))
    hidden = rng.normal(size=(10, 7))
    return [
        Check("exemplo da aula: média 3×3, passo 1", call("pool2d", IMAGE, 3), EXACT, weight=2),
        Check("exemplo da aula: máximo 3×3", call("pool2d", IMAGE, 3, 1, "max"), EXACT),
        Check("máximo 2×2 com passo 2", call("pool2d", IMAGE, 2, stride=2, mode="max"), EXACT),
        Check("média 2×2 com passo 2 numa imagem retangular", call("pool2d", image, 2, stride=2, mode="avg"), EXACT),
        Check("média 3×3 com passo 2", call("pool2d", image, 3, 2), EXACT),
        Check(
            "janela 3, passo 3, máximo e média",
            [call("pool2d", hidden, 3, 3, "max"), call("pool2d", hidden, 3, 3)],
            EXACT,
            hidden=True,
            weight=2,
        ),
        Check("janela 4, passo 1", call("pool2d", hidden, 4), EXACT, hidden=True),
    ]
