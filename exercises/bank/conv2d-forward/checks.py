"""Checks of conv2d-forward: cross-correlation (kernel not flipped), zero padding on every side, stride,
output ⌊(i + 2p − k)/s⌋ + 1 per axis, rectangular inputs; the slides' 5×5 example with and without padding."""

import numpy as np

from grader.api import Check, call, same_as_reference

EXACT = same_as_reference(rtol=1e-9, atol=1e-9)
IMAGE = np.array([[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]])
KERNEL = np.array([[0, 1, 2], [2, 2, 0], [0, 1, 2]])


def checks(ctx):
    rng = ctx.rng
    image = rng.integers(-3, 4, size=(6, 8)).astype(float)
    kernel = rng.normal(size=(3, 2))
    hidden_image = rng.normal(size=(9, 7))
    return [
        Check("exemplo da aula: 5×5 com kernel 3×3", call("conv2d", IMAGE, KERNEL), EXACT, weight=2),
        Check(
            "exemplo da aula com padding 1 e stride 2",
            call("conv2d", IMAGE, KERNEL, stride=2, padding=1),
            EXACT,
            weight=2,
        ),
        Check("kernel assimétrico (não inverta o kernel)", call("conv2d", image, kernel), EXACT),
        Check("stride 2 numa imagem retangular", call("conv2d", image, kernel, 2, 0), EXACT),
        Check("padding 2", call("conv2d", image, kernel, padding=2), EXACT),
        Check(
            "stride 3 com padding 1",
            call("conv2d", hidden_image, rng.normal(size=(2, 3)), 3, 1),
            EXACT,
            hidden=True,
            weight=2,
        ),
        Check("kernel 4×4 sem padding", call("conv2d", hidden_image, rng.normal(size=(4, 4))), EXACT, hidden=True),
    ]
