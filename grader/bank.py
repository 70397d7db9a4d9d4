"""The exercise bank on disk: one folder per exercise (see exercises/bank/README.md).

Loading a bundle imports its reference solution and its checks: trusted files of the repository,
loaded in the worker and never sent to the sandbox. The starter and the mistakes are made from the
reference (grader/authoring.py); the given code comes from the course modules in ``_given/``
(grader/given.py). No Django here, so that ``python -m grader`` works on a student's machine.
"""

import ast
import importlib.util
import os
import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from . import authoring, given
from .api import Check, Context
from .authoring import BundleError
from .notebook import pasted_cells
from .sandbox.client import Limits

DEFAULT_BANK_DIR = Path(__file__).resolve().parent.parent / "exercises" / "bank"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
QUEUES = ("grading", "grading-gpu")
# What a notebook's first cell imports, by the name its graded code uses.
NOTEBOOK_IMPORTS = {"copy": "import copy", "math": "import math", "plt": "import matplotlib.pyplot as plt"}


class UnknownExercise(LookupError):
    pass


def bank_dir() -> Path:
    return Path(os.environ.get("GRADER_BANK_DIR", DEFAULT_BANK_DIR))


def all_slugs(root: Path | None = None) -> list[str]:
    root = root or bank_dir()
    return sorted(p.name for p in root.iterdir() if (p / "exercise.toml").is_file())


@dataclass(frozen=True)
class Bundle:
    slug: str
    path: Path
    title: str
    module: int | None
    points: float
    time_limit_s: float
    memory_mb: int
    queue: str
    functions: tuple[str, ...]
    runner: str = "numpy"  # "keras" for exercises that need TensorFlow
    # What the exercise gives the student: module of _given/ -> names (see grader/given.py).
    given: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Other names a notebook gives a graded function (model -> L_layer_model): see ``aliased``.
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Names the notebook's first cell imports and its graded code uses (copy, plt): see ``aliased``.
    notebook_imports: tuple[str, ...] = ()

    @property
    def bank(self) -> Path:
        return self.path.parent

    @property
    def given_names(self) -> list[str]:
        return [name for _module, names in self.given for name in names]

    @property
    def statement_source(self) -> str:
        return (self.path / "statement.md").read_text(encoding="utf-8")

    @property
    def statement(self) -> str:
        """The statement as the student reads it: the file, then what the exercise gives and the versions."""
        from .statement import with_given_code

        return with_given_code(self)

    @property
    def solution_source(self) -> str:
        """The reference as the author wrote it, solution markers included (they are comments)."""
        return (self.path / "solution.py").read_text(encoding="utf-8")

    @property
    def starter(self) -> str:
        return authoring.starter_from(self.solution_source, self.path / "solution.py")

    def mistakes(self) -> list[authoring.Mistake]:
        return authoring.load_mistakes(self.path / "mistakes.toml", self.solution_source)

    def given_wire(self) -> list[dict]:
        """The given code as the sandbox request carries it."""
        return given.wire(self.bank, dict(self.given))

    def stubs(self) -> list[str]:
        return given.stub_modules(self.bank)

    def prepared(self, source: str) -> str:
        """The source as the sandbox runs it: cells pasted from a notebook cut to their definitions first
        (grader/notebook.py), then the notebook's names and imports added (``aliased``), so that the
        lines ``aliased`` appends are never cut away."""
        return self.aliased(pasted_cells(source, self.stubs()))

    def aliased(self, source: str) -> str:
        """The source, plus ``model = L_layer_model`` when it defines a notebook's name of a graded function
        and not ours (exercise.toml ``[aliases]``), and ``import copy`` when it uses a name the notebook's
        first cell imports without importing it (``notebook_imports``: copy, plt). Appended, so her line numbers stay
        as she wrote them; her functions look the names up when they are called, after the whole file ran."""
        if not self.aliases and not self.notebook_imports:
            return source
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            return source
        defined = _top_level_names(tree)
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        lines = [
            f"{name} = {next(a for a in others if a in defined)}"
            for name, others in self.aliases
            if name not in defined and any(a in defined for a in others)
        ]
        lines += [NOTEBOOK_IMPORTS[name] for name in self.notebook_imports if name in used - defined]
        return source if not lines else source.rstrip("\n") + "\n\n\n" + "\n".join(lines) + "\n"

    def variants(self) -> dict[str, str]:
        """Correct submissions that must all get full marks: the reference as written, the student's
        functions alone (the given names come from the platform), and a notebook (.ipynb text) that
        imports the given module under a notebook's name."""
        alone = authoring.functions_only(self.solution_source, self.functions)
        aliases = [a for module, _names in self.given for a in given.module(self.bank, module).aliases]
        imports = "import numpy as np\nimport h5py\nfrom public_tests import *\n"
        if aliases:
            imports += f"from {aliases[-1]} import *\n"
        notebook = authoring.as_notebook(alone, imports)
        return {"reference": self.solution_source, "functions": alone, "notebook": notebook}

    def limits(self, time_limit_s: float | None = None, memory_mb: int | None = None) -> Limits:
        return Limits(time_s=float(time_limit_s or self.time_limit_s), memory_mb=int(memory_mb or self.memory_mb))

    @cached_property
    def reference(self):
        given.install_for_reference(self.bank)
        return _import_file(self.path / "solution.py", f"bank_{self.slug.replace('-', '_')}_solution")

    @cached_property
    def checks_module(self):
        module = _import_file(self.path / "checks.py", f"bank_{self.slug.replace('-', '_')}_checks")
        if not callable(getattr(module, "checks", None)):
            raise BundleError(f"{self.path / 'checks.py'}: defines no checks(ctx) function")
        return module

    def build_checks(self, seed: int, dataset: dict | None = None) -> tuple[list[Check], Context]:
        ctx = Context(
            rng=np.random.default_rng(seed), load_reference=lambda: self.reference, seed=seed, dataset=dataset
        )
        built = self.checks_module.checks(ctx)
        names = [c.name for c in built]
        if not built or len(set(names)) != len(names):
            raise BundleError(f"{self.path / 'checks.py'}: checks() must return checks with distinct names")
        return built, ctx


def load_bundle(slug: str, root: Path | None = None) -> Bundle:
    root = root or bank_dir()
    if not SLUG.match(slug) or not (root / slug / "exercise.toml").is_file():
        raise UnknownExercise(slug)
    path = root / slug
    try:
        meta = tomllib.loads((path / "exercise.toml").read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BundleError(f"{path / 'exercise.toml'}: {exc}") from None
    for name in ("statement.md", "solution.py", "checks.py"):
        if not (path / name).is_file():
            raise BundleError(f"{path / name}: missing")
    try:
        bundle = Bundle(
            slug=slug,
            path=path,
            title=str(meta["title"]),
            module=meta.get("module"),
            points=float(meta.get("points", 10)),
            time_limit_s=float(meta.get("time_limit_s", 10)),
            memory_mb=int(meta.get("memory_mb", 512)),
            queue=str(meta.get("queue", "grading")),
            functions=tuple(meta["functions"]),
            runner=str(meta.get("runner", "numpy")),
            given=_given(meta.get("given", {})),
            aliases=_given(meta.get("aliases", {})),
            notebook_imports=tuple(str(m) for m in meta.get("notebook_imports", ())),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BundleError(f"{path / 'exercise.toml'}: missing or invalid field {exc}") from None
    own = set(bundle.functions) & set(bundle.given_names)
    if own:
        raise BundleError(f"{path / 'exercise.toml'}: gives the student {', '.join(sorted(own))}, which she must write")
    wrong = [a for _name, others in bundle.aliases for a in others if not a.isidentifier()]
    if wrong or not set(dict(bundle.aliases)) <= set(bundle.functions):
        raise BundleError(f"{path / 'exercise.toml'}: [aliases] maps a graded function to other identifiers")
    if not all(name in NOTEBOOK_IMPORTS for name in bundle.notebook_imports):
        raise BundleError(f"{path / 'exercise.toml'}: notebook_imports may name only {', '.join(NOTEBOOK_IMPORTS)}")
    if bundle.queue not in QUEUES:
        raise BundleError(f"{path / 'exercise.toml'}: queue must be one of {', '.join(QUEUES)}")
    return bundle


def _given(table) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(table, dict) or not all(isinstance(v, list) for v in table.values()):
        raise TypeError("given")
    return tuple((str(module), tuple(str(n) for n in names)) for module, names in table.items())


def _top_level_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def _import_file(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise BundleError(f"{path}: {type(exc).__name__}: {exc}") from exc
    return module
