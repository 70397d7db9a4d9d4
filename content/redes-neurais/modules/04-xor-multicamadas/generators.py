"""Generators of the module 4 quiz."""

import itertools

GATE_TABLES = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "nand": [1, 1, 1, 0],
    "nor": [1, 0, 0, 0],
    "xor": [0, 1, 1, 0],
}


def xor_gate_composition(rng):
    """The slides' network: A and B read x1, x2; C reads A; the output AND reads C and B.
    The target is XOR's truth table; the answer is the slides' composition (any other that
    computes XOR is accepted, since grading simulates the network)."""
    rows = list(itertools.product((0, 1), repeat=2))
    return {
        "params": {"target_name": "XOR", "target": [a ^ b for a, b in rows]},
        "answer": {"A": "AND", "B": "OR", "C": "NOT"},
    }


def _step(t):
    return 1 if t >= 0 else 0


def perceptron_gate(rng):
    """A perceptron with two inputs: which gate does it compute? (margins keep scores off 0)"""
    if rng is None:
        w, b = [1.0, 1.0], -1.5
    else:
        gate = str(rng.choice(["and", "or", "nand", "nor"]))
        w = [float(v) for v in rng.integers(1, 4, size=2)]
        b = -(w[0] + w[1] + max(w)) / 2 if gate in ("and", "nand") else -min(w) / 2
        if gate in ("nand", "nor"):
            w, b = [-v for v in w], -b
    table = [_step(w[0] * x1 + w[1] * x2 + b) for x1, x2 in itertools.product((0, 1), repeat=2)]
    answer = next(name for name, rows in GATE_TABLES.items() if rows == table)
    return {"params": {"w": w, "b": b}, "answer": answer}
