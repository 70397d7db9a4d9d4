"""Networks of step perceptrons, simulated on every row of their truth table.

A network is JSON: ``{"inputs": ["x1", "x2"], "perceptrons": [{"name": "A", "inputs": ["x1", "x2"]},
..., {"name": "out", "inputs": ["C", "B"], "gate": "AND"}], "output": "out"}``. Perceptrons come in
order (each reads inputs or earlier perceptrons); those without a ``gate`` (or ``w`` and ``b``) are
the ones the student sets, each to a gate name or to ``{"w": [...], "b": number}``. The step
function is 1 for t >= 0, as in the lessons.
"""

import itertools
import math

from django.utils.translation import gettext as _

GATES = ("AND", "OR", "NOT", "NAND", "NOR")


class NetworkError(ValueError):
    """The network itself is malformed (an author's mistake)."""


class AssignmentError(ValueError):
    """The student's assignment cannot be simulated (a missing gate, wrong number of weights)."""


def validate_network(network) -> None:
    if not isinstance(network, dict):
        raise NetworkError("network must be a mapping with inputs, perceptrons and output")
    inputs, perceptrons = network.get("inputs"), network.get("perceptrons")
    if not isinstance(inputs, list) or not inputs or not all(isinstance(i, str) for i in inputs):
        raise NetworkError("network.inputs must be a non-empty list of names")
    if not isinstance(perceptrons, list) or not perceptrons:
        raise NetworkError("network.perceptrons must be a non-empty list")
    known = set(inputs)
    for p in perceptrons:
        if not isinstance(p, dict) or not isinstance(p.get("name"), str):
            raise NetworkError("every perceptron needs a name")
        name = p["name"]
        if name in known:
            raise NetworkError(f"perceptron {name!r}: the name is used twice")
        reads = p.get("inputs")
        if not isinstance(reads, list) or not reads or not all(r in known for r in reads):
            raise NetworkError(f"perceptron {name!r}: inputs must name inputs or earlier perceptrons")
        if "gate" in p or "w" in p:
            _unit(p, p.get("gate") if "gate" in p else {"w": p.get("w"), "b": p.get("b")}, error=NetworkError)
        known.add(name)
    if network.get("output") not in known - set(inputs):
        raise NetworkError("network.output must name a perceptron")
    if not free_perceptrons(network):
        raise NetworkError("the network has no perceptron for the student to set")


def free_perceptrons(network) -> list[dict]:
    return [p for p in network["perceptrons"] if "gate" not in p and "w" not in p]


def input_rows(network) -> list[tuple[int, ...]]:
    return list(itertools.product((0, 1), repeat=len(network["inputs"])))


def parse_assignment(network, answer) -> dict:
    """Map each free perceptron's name to a callable unit, or raise AssignmentError."""
    if not isinstance(answer, dict):
        raise AssignmentError(_("Give an object that maps each perceptron to a gate or to weights and a bias."))
    free = {p["name"]: p for p in free_perceptrons(network)}
    unknown = sorted(set(answer) - set(free))
    if unknown:
        raise AssignmentError(_("Unknown perceptron: %(names)s.") % {"names": ", ".join(map(str, unknown))})
    units = {}
    for name, p in free.items():
        if name not in answer or answer[name] in (None, ""):
            raise AssignmentError(_("Choose a gate or weights for perceptron %(name)s.") % {"name": name})
        units[name] = _unit(p, answer[name], error=AssignmentError)
    return units


def _unit(perceptron, setting, *, error):
    n = len(perceptron["inputs"])
    name = perceptron["name"]
    if isinstance(setting, str):
        gate = setting.strip().upper()
        if gate not in GATES:
            raise error(_("Perceptron %(name)s: unknown gate %(gate)s.") % {"name": name, "gate": setting})
        if gate == "NOT" and n != 1:
            raise error(_("Perceptron %(name)s reads %(n)d inputs; NOT takes exactly one.") % {"name": name, "n": n})
        return ("gate", gate)
    if isinstance(setting, dict) and set(setting) == {"w", "b"}:
        w, b = setting["w"], setting["b"]
        if isinstance(w, (int, float)) and not isinstance(w, bool):
            w = [w]
        if not isinstance(w, list) or len(w) != n or not all(_finite(v) for v in w) or not _finite(b):
            raise error(_("Perceptron %(name)s needs %(n)d finite weights and a finite bias.") % {"name": name, "n": n})
        return ("weights", [float(v) for v in w], float(b))
    raise error(_('Perceptron %(name)s: give a gate name or {"w": [...], "b": number}.') % {"name": name})


def _finite(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _fire(unit, values: list[int]) -> int:
    if unit[0] == "weights":
        _, w, b = unit
        return 1 if sum(wi * xi for wi, xi in zip(w, values)) + b >= 0 else 0
    gate = unit[1]
    if gate == "AND":
        return int(all(values))
    if gate == "OR":
        return int(any(values))
    if gate == "NAND":
        return int(not all(values))
    if gate == "NOR":
        return int(not any(values))
    return int(not values[0])  # NOT


def truth_table(network, units: dict) -> list[list[int]]:
    """Rows ``[x1, x2, ..., output]`` for every input combination, in binary counting order."""
    fixed = {
        p["name"]: _unit(p, p["gate"] if "gate" in p else {"w": p["w"], "b": p["b"]}, error=NetworkError)
        for p in network["perceptrons"]
        if "gate" in p or "w" in p
    }
    rows = []
    for row in input_rows(network):
        values = dict(zip(network["inputs"], row))
        for p in network["perceptrons"]:
            unit = fixed.get(p["name"]) or units[p["name"]]
            values[p["name"]] = _fire(unit, [values[r] for r in p["inputs"]])
        rows.append([*row, values[network["output"]]])
    return rows
