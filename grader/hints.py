"""One-sentence hints for errors that come from a NumPy 2 change, not from the student's idea.

Code written for the course's notebooks (NumPy 1.x) meets these on the platform: ``float(b)`` of a
``(1, 1)`` array, ``np.float`` and the other removed aliases. The hint names the change and the fix.
"""

import re

import numpy as np

from .i18n import _

_SCALAR = re.compile(r"only (0-dimensional|length-1|size-1) arrays can be converted to Python scalars")
_ATTRIBUTE = re.compile(r"module 'numpy' has no attribute '(\w+)'|`np\.(\w+)` was removed in the NumPy 2\.0 release")
_REPLACEMENTS = {
    "float": "float",
    "int": "int",
    "bool": "bool",
    "object": "object",
    "str": "str",
    "long": "int",
    "float_": "np.float64",
    "complex_": "np.complex128",
    "NaN": "np.nan",
    "NAN": "np.nan",
    "Inf": "np.inf",
    "Infinity": "np.inf",
    "PINF": "np.inf",
    "NINF": "-np.inf",
    "asscalar": "x.item()",
    "product": "np.prod",
    "cumproduct": "np.cumprod",
    "alltrue": "np.all",
    "sometrue": "np.any",
    "in1d": "np.isin",
    "trapz": "np.trapezoid",
    "round_": "np.round",
    "string_": "np.bytes_",
    "unicode_": "np.str_",
}


def numpy2_hint(error: str):
    """The hint for an error text such as ``TypeError: only 0-dimensional arrays ...``, or None."""
    if _SCALAR.search(error):
        return _(
            "Since NumPy 2, float() and int() accept only a number or a 0-dimensional array: "
            "for an array such as b of shape (1, 1), write b.item() (or use b as an array)."
        )
    match = _ATTRIBUTE.search(error)
    if match:
        name = match.group(1) or match.group(2)
        replacement = _REPLACEMENTS.get(name)
        if replacement:
            return _("np.{name} no longer exists in NumPy {version}: use {replacement} instead.").format(
                name=name, version=np.__version__, replacement=replacement
            )
    return None
