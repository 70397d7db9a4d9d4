"""An exercise is authored once: ``solution.py`` is the reference with its solution regions marked,
as nbgrader and Otter-Grader do::

    def softmax(x):
        \"\"\"...\"\"\"
        ### BEGIN SOLUTION
        ...
        ### END SOLUTION

The starter is the reference with every region replaced by a stub; each mistake in ``mistakes.toml``
is a small patch of the reference (``find`` must occur exactly once, ``replace`` takes its place).
Every error names the file and line.
"""

import ast
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB = ("# SEU CÓDIGO AQUI", "raise NotImplementedError")
_MARKER = re.compile(r"^(?P<indent>\s*)### (?P<what>BEGIN|END) SOLUTION\s*$")


class BundleError(ValueError):
    """A bundle whose files are missing or malformed: the message names the file (and line)."""


class AuthoringError(BundleError):
    """A malformed solution, starter or mistake: the message starts with file:line."""


@dataclass(frozen=True)
class Mistake:
    name: str
    blames: str
    description: str
    source: str
    slide: bool = False  # one of the slides' mistakes (COURSE.md): must score at most 40%
    # Words the feedback must contain, per language ("en", "pt-BR"): it names the mistake.
    says: tuple[tuple[str, str], ...] = ()
    where: str = ""  # mistakes.toml:line, for messages


def starter_from(solution: str, path: Path) -> str:
    """The reference with each marked region replaced by a stub at the region's indentation."""
    out, region_start, indent = [], None, ""
    for number, line in enumerate(solution.splitlines(keepends=True), start=1):
        marker = _MARKER.match(line)
        if marker and marker["what"] == "BEGIN":
            if region_start is not None:
                raise AuthoringError(f"{path}:{number}: {BEGIN} inside the region opened at line {region_start}")
            region_start, indent = number, marker["indent"]
            out += [f"{indent}{line}\n" for line in STUB]
        elif marker:
            if region_start is None:
                raise AuthoringError(f"{path}:{number}: {END} without {BEGIN}")
            if marker["indent"] != indent:
                raise AuthoringError(f"{path}:{number}: {END} is not indented like its {BEGIN} (line {region_start})")
            region_start = None
        elif region_start is None:
            out.append(line)
    if region_start is not None:
        raise AuthoringError(f"{path}:{region_start}: {BEGIN} is never closed")
    starter = "".join(out)
    if starter == solution:
        raise AuthoringError(f"{path}:1: no {BEGIN} / {END} region: the starter would be the solution")
    try:
        ast.parse(starter)
    except SyntaxError as exc:
        problem = f"line {exc.lineno}: {exc.msg}"
        raise AuthoringError(f"{path}: the starter made from it does not parse ({problem})") from None
    return starter


def strip_markers(solution: str) -> str:
    return "".join(line for line in solution.splitlines(keepends=True) if not _MARKER.match(line))


def load_mistakes(path: Path, solution: str) -> list[Mistake]:
    """The mistakes of ``mistakes.toml`` as full sources, each patch applied to the reference once."""
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AuthoringError(f"{path}: {exc}") from None
    mistakes, names = [], set()
    for entry in data.get("mistake", []):
        name = str(entry.get("name", ""))
        where = f"{path}:{_line_of(text, name)}"
        if not re.fullmatch(r"[A-Za-z0-9_]+", name) or name in names:
            raise AuthoringError(f"{where}: each mistake needs a distinct name of [A-Za-z0-9_] (got {name!r})")
        names.add(name)
        for field in ("blames", "description", "patch"):
            if not entry.get(field):
                raise AuthoringError(f"{where}: mistake {name} has no {field}")
        source = solution
        for number, patch in enumerate(entry["patch"], start=1):
            find, replace = patch.get("find", ""), patch.get("replace", "")
            count = source.count(find) if find else 0
            if count != 1:
                raise AuthoringError(
                    f"{where}: patch {number} of mistake {name}: `find` occurs {count} times in solution.py; "
                    "it must occur exactly once"
                )
            source = source.replace(find, replace)
        says = tuple(sorted((str(k), str(v)) for k, v in entry.get("says", {}).items()))
        mistakes.append(
            Mistake(
                name, str(entry["blames"]), str(entry["description"]), source, bool(entry.get("slide")), says, where
            )
        )
    return mistakes


def _line_of(text: str, name: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"""\s*name\s*=\s*["']{re.escape(name)}["']""", line):
            return number
    return 1


def functions_only(solution: str, functions: tuple[str, ...]) -> str:
    """What a student who pastes just her own functions sends: ``import numpy as np`` and those definitions."""
    text = strip_markers(solution)
    tree = ast.parse(text)
    lines = text.splitlines()
    parts = ["import numpy as np"]
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in functions:
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            parts.append("\n".join(lines[first - 1 : node.end_lineno]))
    return "\n\n\n".join(parts) + "\n"


def as_notebook(functions_source: str, imports: str) -> str:
    """A Jupyter notebook as a student hands it in: imports of the notebook's helper modules, a magic,
    her functions, and test cells that call the notebook's test helpers."""

    def cell(kind: str, text: str) -> dict:
        extra = {"execution_count": None, "outputs": []} if kind == "code" else {}
        return {"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True), **extra}

    cells = [
        cell("markdown", "# Exercise\n"),
        cell("code", imports + "%matplotlib inline\n%load_ext autoreload\n"),
        cell("code", "# GRADED FUNCTION\n" + functions_source),
        cell("code", "t_X, t_parameters = L_model_forward_test_case()\nprint(t_X.shape)\n"),
        cell("code", "L_model_forward_test(L_model_forward)\n"),
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(notebook, ensure_ascii=False, indent=1)
