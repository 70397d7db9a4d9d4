"""Given code: the course modules an exercise gives the student (``exercises/bank/_given/``).

An exercise names what it gives in its ``exercise.toml`` (``given = {dnn_utils = ["relu", ...]}``).
The sandbox receives, for each module, only the named functions and what they call (and the module's
imports): code the student may read, never a reference solution. Inside the sandbox the module
imports under its name and the notebooks' names for it (``from dnn_app_utils_v3 import *``), and the
given names are put in the submission's namespace before her code runs, so her own definitions win.

``modules.toml`` beside the modules lists each module's aliases and the notebooks' test-helper modules
(``public_tests``, ``testCases``...) that import as harmless stand-ins.
"""

import ast
import sys
import tomllib
import types
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .authoring import BundleError


class GivenError(BundleError):
    """A given module or a name an exercise asks for that it does not define: the message names the file."""


@dataclass(frozen=True)
class GivenModule:
    name: str
    path: Path
    aliases: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def definitions(self) -> dict[str, ast.stmt]:
        return {node.name: node for node in _tree(self.path).body if isinstance(node, ast.FunctionDef | ast.ClassDef)}

    def closure(self, names: tuple[str, ...]) -> list[str]:
        """``names`` and every definition of the module they use, in the module's order."""
        definitions = self.definitions()
        missing = [n for n in names if n not in definitions]
        if missing:
            raise GivenError(f"{self.path}: defines no {', '.join(missing)}")
        wanted, todo = set(), list(names)
        while todo:
            name = todo.pop()
            if name in wanted:
                continue
            wanted.add(name)
            used = {n.id for n in ast.walk(definitions[name]) if isinstance(n, ast.Name)}
            todo += [u for u in used if u in definitions and u not in wanted]
        return [n for n in definitions if n in wanted]

    def signature_of(self, name: str) -> str:
        """``def name(args):`` and its docstring, as the statement lists a given function."""
        node = self.definitions()[name]
        header = self.text.splitlines()[node.lineno - 1 : node.body[0].lineno - 1]
        doc = ast.get_docstring(node)
        body = f'    """{doc}"""' if doc else "    ..."
        if doc and "\n" in doc:
            body = '    """' + doc.replace("\n", "\n    ") + '\n    """'
        return "\n".join(header) + "\n" + body

    def source_of(self, names: tuple[str, ...]) -> str:
        """The module's imports and the definitions of ``names`` and what they use, as the student sees them."""
        lines = self.text.splitlines()
        definitions = self.definitions()
        parts = [ast.get_source_segment(self.text, node) for node in _tree(self.path).body if _is_import(node)]
        for name in self.closure(names):
            node = definitions[name]
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            parts.append("\n".join(lines[first - 1 : node.end_lineno]))
        return "\n\n\n".join(parts) + "\n"


def _is_import(node: ast.stmt) -> bool:
    return isinstance(node, ast.Import | ast.ImportFrom)


@cache
def _tree_cached(path: Path, mtime: float) -> ast.Module:
    try:
        return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError as exc:
        raise GivenError(f"{path}:{exc.lineno}: {exc.msg}") from None


def _tree(path: Path) -> ast.Module:
    return _tree_cached(path, path.stat().st_mtime)


def given_dir(bank: Path) -> Path:
    return bank / "_given"


def _config(bank: Path) -> dict:
    path = given_dir(bank) / "modules.toml"
    return _config_cached(path, path.stat().st_mtime) if path.is_file() else {}


@cache
def _config_cached(path: Path, mtime: float) -> dict:
    # Read on every graded submission (aliases, stubs): parsed once per version of the file.
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise GivenError(f"{path}: {exc}") from None


def module(bank: Path, name: str) -> GivenModule:
    path = given_dir(bank) / f"{name}.py"
    if not name.isidentifier() or not path.is_file():
        raise GivenError(f"{given_dir(bank)}: no given module {name!r}")
    aliases = tuple(_config(bank).get("modules", {}).get(name, {}).get("aliases", ()))
    return GivenModule(name, path, aliases)


def stub_modules(bank: Path) -> list[str]:
    return list(_config(bank).get("stubs", {}).get("names", ()))


def wire(bank: Path, given: dict[str, tuple[str, ...]]) -> list[dict]:
    """What the sandbox request carries for an exercise's given code (see sandbox/runner.load)."""
    entries = []
    for name, names in given.items():
        given_module = module(bank, name)
        entries.append(
            {
                "module": name,
                "aliases": list(given_module.aliases),
                "source": given_module.source_of(names),
                "names": list(names),
            }
        )
    return entries


def install_for_reference(bank: Path) -> None:
    """Make the given modules importable in the harness, whole, so a reference ``from dnn_utils import`` works.

    These are the repository's trusted files; the sandbox gets only the parts an exercise gives."""
    for path in sorted(given_dir(bank).glob("*.py")):
        name = path.stem
        current = sys.modules.get(name)
        if current is not None and getattr(current, "__file__", None) == str(path):
            continue
        loaded = types.ModuleType(name)
        loaded.__file__ = str(path)
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), loaded.__dict__)
        sys.modules[name] = loaded
