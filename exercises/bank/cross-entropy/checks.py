"""Checks of cross-entropy: the slides' numbers, lists and arrays, the natural log, a sum (not a mean)."""

import numpy as np

from grader.api import Check, call, same_as_reference

RTOL = 1e-7


def checks(ctx):
    rng = ctx.rng
    m = 30
    Y = (rng.random(m) < 0.5).astype(float)
    P = rng.uniform(0.02, 0.98, size=m)
    return [
        # The slides: probabilities of the true classes 0.6, 0.2, 0.1, 0.7 give -Σ ln = 4.8;
        # 0.7, 0.9, 0.8, 0.6 give 1.2.
        Check(
            "exemplo da aula: 0.6, 0.2, 0.1, 0.7",
            call("cross_entropy", [1, 1, 1, 1], [0.6, 0.2, 0.1, 0.7]),
            same_as_reference(RTOL),
            weight=2,
        ),
        Check(
            "exemplo da aula com rótulos 0 e 1",
            call("cross_entropy", [1, 0, 1, 0], [0.7, 0.1, 0.8, 0.4]),
            same_as_reference(RTOL),
            weight=2,
        ),
        Check(
            "arrays numpy",
            call("cross_entropy", np.array([1.0, 0.0, 1.0]), np.array([0.4, 0.6, 0.1])),
            same_as_reference(RTOL),
        ),
        Check("um exemplo só", call("cross_entropy", [0], [0.25]), same_as_reference(RTOL)),
        Check("muitos exemplos", call("cross_entropy", Y, P), same_as_reference(RTOL), hidden=True, weight=2),
        Check(
            "probabilidades extremas",
            call("cross_entropy", [1, 0, 1], [0.999, 0.001, 0.5]),
            same_as_reference(RTOL),
            hidden=True,
        ),
    ]
