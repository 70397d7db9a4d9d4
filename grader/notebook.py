"""Extract the code of a Jupyter notebook (.ipynb) for grading, without Jupyter installed."""

import json


def notebook_to_source(text: str) -> str:
    """The code cells joined in order; IPython magics (``%``, ``%%``) and shell lines (``!``) dropped.

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
        kept = [str(line) for line in lines if not str(line).lstrip().startswith(("%", "!"))]
        parts.append("".join(kept).rstrip() + "\n")
    return "\n\n".join(parts)
