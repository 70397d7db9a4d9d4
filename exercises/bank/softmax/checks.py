"""Checks of the softmax exercise: shape, values, large scores, columns summing to 1."""

import numpy as np

from grader.api import Check, call, same_as_reference
from grader.properties import columns_sum_to_one

RTOL = 1e-6


def checks(ctx):
    rng = ctx.rng
    scores_2d = rng.normal(0, 3, size=(4, 6))
    return [
        Check("vetor [2, 1, 0]", call("softmax", np.array([2.0, 1.0, 0.0])), same_as_reference(RTOL)),
        Check("lista [3.0, 1.0, 0.2]", call("softmax", [3.0, 1.0, 0.2]), same_as_reference(RTOL)),
        Check(
            "matriz 3×2 (uma coluna por exemplo)",
            call("softmax", np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 8.0]])),
            same_as_reference(RTOL),
        ),
        Check("forma (3, 1) preservada", call("softmax", np.array([[1.0], [2.0], [3.0]])), same_as_reference(RTOL)),
        Check(
            "pontuações grandes (1000, 1001, 1002)",
            call("softmax", np.array([1000.0, 1001.0, 1002.0])),
            same_as_reference(RTOL),
            weight=2,
        ),
        Check("colunas somam 1", call("softmax", scores_2d), columns_sum_to_one(), reference=False),
        Check("matriz aleatória", call("softmax", rng.normal(0, 5, size=(5, 7))), same_as_reference(RTOL), hidden=True),
        Check(
            "pontuações grandes em várias colunas",
            call("softmax", rng.uniform(990, 1010, size=(3, 4))),
            same_as_reference(RTOL),
            hidden=True,
            weight=2,
        ),
    ]
