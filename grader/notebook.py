"""Extract the code of a Jupyter notebook (.ipynb) for grading, without Jupyter installed.

A notebook of the course's assignments mixes the student's functions with cells that run them on the
notebook's test cases, plot, or print. Only what defines something is kept, as the notebook graders
do with their graded cells: imports, function and class definitions, and assignments of literal
constants. An import of a module the sandbox lacks (``h5py``, ``PIL``) is tolerated, so that the
helpers the exercise gives under the notebook's module names (``from dnn_app_utils_v3 import *``)
are what counts. A cell that does not parse is kept as it is, so its syntax error reaches the student.
"""

import ast
import json


def notebook_to_source(text: str) -> str:
    """The definitions of the code cells, in order; IPython magics and shell lines dropped.

    Raises ValueError when the text is not a notebook.
    """
    try:
        notebook = json.loads(text)
        cells = notebook["cells"]
    except (ValueError, KeyError, TypeError, RecursionError):
        raise ValueError("not a Jupyter notebook") from None
    if not isinstance(cells, list):
        raise ValueError("not a Jupyter notebook")
    parts = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        lines = source if isinstance(source, list) else str(source).splitlines(keepends=True)
        if lines and str(lines[0]).lstrip().startswith("%%"):
            continue  # a cell magic (%%time, %%bash ...) changes how the whole cell runs
        kept = "".join(str(line) for line in lines if not str(line).lstrip().startswith(("%", "!")))
        definitions = _definitions(kept)
        if definitions.strip():
            parts.append(definitions.rstrip() + "\n")
    return "\n\n".join(parts)


def pasted_cells(source: str, test_modules: list[str]) -> str:
    """A .py file made of notebook cells (it imports the notebook's test helpers, e.g. ``public_tests``) is
    graded like a notebook, on its definitions: its cells that run those tests could not run here.
    Any other source is returned as it is."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return source
    imported = {
        alias.name.split(".")[0] for node in tree.body if isinstance(node, ast.Import) for alias in node.names
    } | {node.module.split(".")[0] for node in tree.body if isinstance(node, ast.ImportFrom) and node.module}
    if not imported & set(test_modules):
        return source
    return _definitions(source) + "\n"


def _definitions(code: str) -> str:
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return code
    lines = code.splitlines()
    kept = []
    for node in tree.body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        text = "\n".join(lines[first - 1 : node.end_lineno])
        if isinstance(node, ast.Import | ast.ImportFrom):
            kept.append(_tolerant_import(text))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) or _is_constant(node):
            kept.append(text)
    return "\n\n".join(kept)


def _tolerant_import(text: str) -> str:
    body = "\n".join("    " + line for line in text.splitlines())
    return f"try:\n{body}\nexcept ImportError:\n    pass"


def _is_constant(node: ast.stmt) -> bool:
    if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
        return False
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    if not all(isinstance(t, ast.Name) for t in targets):
        return False
    try:
        ast.literal_eval(node.value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True
