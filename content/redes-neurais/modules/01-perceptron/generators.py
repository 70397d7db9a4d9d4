"""Generators of the module 1 quiz: each takes a numpy Generator (None: the lesson's numbers)."""

import numpy as np


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def perceptron_outputs(rng):
    """Score, step and sigmoid of w·x + b (the fixed variant lands exactly on the tie t = 0)."""
    if rng is None:
        w, b, x = [3, 4], -10, [2, 1]
    else:
        w = rng.integers(-3, 4, size=2).tolist()
        b = int(rng.integers(-4, 5))
        x = rng.integers(-2, 3, size=2).tolist()
    score = float(np.dot(w, x) + b)
    return {"params": {"w": w, "b": b, "x": x}, "answer": [score, 1.0 if score >= 0 else 0.0, float(_sigmoid(score))]}


def _misclassified(line, points):
    w1, w2, b = line
    return sum(1 for x1, x2, y in points if (1 if w1 * x1 + w2 * x2 + b >= 0 else 0) != y)


def _table(points):
    rows = ["| ponto | $x_1$ | $x_2$ | rótulo |", "|---|---|---|---|"]
    rows += [f"| {i + 1} | {x1} | {x2} | {y} |" for i, (x1, x2, y) in enumerate(points)]
    return "\n".join(rows)


def _line_text(line):
    w1, w2, b = line
    return f"${w1}x_1 {'+' if w2 >= 0 else '-'} {abs(w2)}x_2 {'+' if b >= 0 else '-'} {abs(b)} = 0$"


def fewer_misclassified(rng):
    """Two lines and six labelled points: which line misclassifies fewer points (step(t) = 1 for t >= 0)."""
    if rng is None:
        points = [(1, 1, 0), (2, 0, 0), (3, 3, 1), (4, 2, 1), (0, 3, 0), (2, 4, 1)]
        lines = [(1, 1, -5), (1, -1, 0)]
    else:
        while True:
            points = [
                (int(a), int(c), int(y))
                for a, c, y in zip(rng.integers(0, 6, 6), rng.integers(0, 6, 6), rng.integers(0, 2, 6))
            ]
            lines = [
                tuple(int(v) for v in (rng.integers(1, 4), rng.integers(-3, 4), rng.integers(-9, 1))) for _ in range(2)
            ]
            if _misclassified(lines[0], points) != _misclassified(lines[1], points):
                break
    errors = [_misclassified(line, points) for line in lines]
    return {
        "params": {
            "points": _table(points),
            "line1": _line_text(lines[0]),
            "line2": _line_text(lines[1]),
            "errors": errors,
        },
        "answer": "line-1" if errors[0] < errors[1] else "line-2",
    }
