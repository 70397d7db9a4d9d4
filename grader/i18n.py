"""Translation of grader feedback, with or without Django, and feedback stored as data.

``_()`` (``gettext``) and ``ngettext`` return a ``Message``: a ``str`` holding the text in the
language active when it was made, so that any code treating it as text keeps working (``in``,
``json.dumps``, even ``str.join``, which only loses the ability to re-translate), which also
remembers its msgid and parameters. ``.format()`` returns a new Message, ``+`` a ``Concat``, and
``join_messages(sep, items)`` joins without losing anything. ``to_data()`` turns a message into a
JSON tree the platform stores, and ``render(data, language)`` turns the tree into text in any
language: a verdict graded once reads in the language of whoever views it.

The tree: a plain ``str`` (text that is not translated; also every verdict stored before feedback
was data), ``{"id": msgid, "params": {...}}`` (``params`` only once ``.format()`` was called; a
positional ``.format()`` adds ``"args": [...]``), ``{"id": singular, "plural": plural, "n": count,
...}``, ``{"concat": [tree, ...]}``. A parameter is a JSON scalar, a str or a tree; a non-finite float
is ``{"float": "nan"}`` (PostgreSQL's JSON has no NaN).

Inside the platform Django's active language decides. ``python -m grader check`` runs on a
student's machine without Django settings: there the same compiled catalogues in ``locale/`` are
read with the standard library's gettext.
"""

import gettext as _stdlib_gettext
import math
import os
import string
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_standalone_language = os.environ.get("GRADER_LANGUAGE", "pt_BR")


def set_standalone_language(language: str) -> None:
    global _standalone_language
    _standalone_language = to_locale(language)


def to_locale(language: str) -> str:
    """ "pt-br" → "pt_BR", "en" → "en" (Django's language codes to gettext's locale names)."""
    code, _sep, country = language.replace("_", "-").partition("-")
    return code.lower() + ("_" + country.upper() if country else "")


@lru_cache(maxsize=8)
def _catalogue(language: str):
    return _stdlib_gettext.translation("django", LOCALE_DIR, languages=[language], fallback=True)


def _django_ready() -> bool:
    try:
        from django.conf import settings
    except ImportError:
        return False
    return settings.configured


def _translate(msgid: str, plural: str | None, count, language: str | None) -> str:
    """The msgstr in ``language`` (None: the active one). Django's override is set by ``render``."""
    if _django_ready():
        from django.utils import translation

        if plural is None:
            return translation.gettext(msgid)
        return translation.ngettext(msgid, plural, _count(count))
    catalogue = _catalogue(to_locale(language) if language else _standalone_language)
    return catalogue.gettext(msgid) if plural is None else catalogue.ngettext(msgid, plural, _count(count))


def _count(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class _LenientFormatter(string.Formatter):
    """A value that does not take a format spec (a "nan" in a {:.3f}) is shown as it is, not an error."""

    def format_field(self, value, format_spec):
        try:
            return format(value, format_spec)
        except (TypeError, ValueError):
            return str(value)


_FORMATTER = _LenientFormatter()


def _fill(template: str, fallback: str, args: list, params: dict) -> str:
    # A translation that names a placeholder the msgid lacks falls back to the msgid, never to an error.
    for text in (template, fallback):
        try:
            return _FORMATTER.vformat(text, args, params)
        except (KeyError, IndexError, ValueError, AttributeError):
            continue
    return template


def _plain(value):
    """A parameter as stored: Messages and JSON scalars as they are, numpy scalars as numbers, the rest as text."""
    if isinstance(value, Message) or value is None or type(value) in (bool, int, float):
        return value
    if isinstance(value, str):
        return str(value)
    dtype = getattr(value, "dtype", None)  # numpy scalars and 0-d arrays: numbers, printed as numpy prints them
    if dtype is not None and getattr(value, "shape", None) == ():
        kind = getattr(dtype, "kind", "")
        if kind == "f":
            return float(str(value))
        if kind and kind in "iu":
            return int(value)
        if kind == "b":
            return bool(value)
    return str(value)


class Message(str):
    """A translatable text: the translation in the language active when it was made, plus its msgid and
    parameters, so that it can be stored (``to_data()``) and shown later in another language."""

    def __new__(cls, msgid: str, *, plural: str | None = None, count=None, args=None, params=None):
        args = None if args is None else [_plain(a) for a in args]
        params = None if params is None else {k: _plain(v) for k, v in params.items()}
        self = super().__new__(cls, _render_parts(msgid, plural, count, args, params, None))
        self.msgid, self.plural, self.count, self.args, self.params = msgid, plural, count, args, params
        return self

    def format(self, *args, **params) -> "Message":
        merged = {**(self.params or {}), **params}
        return Message(self.msgid, plural=self.plural, count=self.count, args=args or self.args, params=merged)

    def to_data(self):
        data = {"id": self.msgid}
        if self.plural is not None:
            data.update(plural=self.plural, n=self.count)
        if self.args is not None:
            data["args"] = [_param_data(a) for a in self.args]
        if self.params is not None:
            data["params"] = {k: _param_data(v) for k, v in self.params.items()}
        return data

    def render(self, language: str | None = None) -> str:
        """The text in ``language`` (a Django code such as "pt-br" or "en"; None: the active language)."""
        return render(self.to_data(), language)

    def __add__(self, other):
        if isinstance(other, str):
            return Concat([self, other])
        return NotImplemented

    def __radd__(self, other):
        if isinstance(other, str):
            return Concat([other, self])
        return NotImplemented

    # Messages never change: copies (dataclasses.asdict deep-copies) are the message itself.
    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        return _restore, (type(self), str(self), dict(self.__dict__))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class Concat(Message):
    """Texts and messages one after the other (what ``+`` and ``join_messages`` make)."""

    def __new__(cls, parts):
        flat = []
        for part in parts:
            if isinstance(part, Concat):
                flat += part.parts
            elif part != "" or isinstance(part, Message):
                flat.append(part if isinstance(part, Message) else str(part))
        self = str.__new__(cls, "".join(str.__str__(p) for p in flat))
        self.parts = flat
        return self

    def format(self, *args, **params) -> str:
        return str.format(self, *args, **params)

    def to_data(self):
        return {"concat": [to_data(p) for p in self.parts]}


def _restore(cls, text: str, state: dict):
    message = str.__new__(cls, text)
    message.__dict__.update(state)
    return message


def _param_data(value):
    if isinstance(value, Message):
        return value.to_data()
    if isinstance(value, float) and not math.isfinite(value):
        return {"float": repr(value)}
    return value


def to_data(value):
    """What to store for a text: a Message's tree, a plain str as it is."""
    if isinstance(value, Message):
        return value.to_data()
    return "" if value is None else str(value)


def render(data, language: str | None = None) -> str:
    """The text of a stored tree (or of a Message, or a plain str) in ``language``; None: the active one."""
    if language and _django_ready():
        from django.utils import translation

        with translation.override(language):
            return _render_text(data, None)
    return _render_text(data, language)


def _render_text(data, language) -> str:
    if isinstance(data, Message):
        data = data.to_data()
    if isinstance(data, str):
        return data
    if isinstance(data, dict) and isinstance(data.get("concat"), list):
        return "".join(_render_text(part, language) for part in data["concat"])
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        args, params = data.get("args"), data.get("params")
        return _render_parts(
            data["id"],
            data.get("plural"),
            data.get("n"),
            args if isinstance(args, list) else None,
            params if isinstance(params, dict) else None,
            language,
        )
    return "" if data is None else str(data)


def _render_param(value, language):
    if isinstance(value, Message) or (isinstance(value, dict) and ("id" in value or "concat" in value)):
        return _render_text(value, language)
    if isinstance(value, dict) and "float" in value:
        try:
            return float(value["float"])
        except (TypeError, ValueError):
            return value["float"]
    return value


def _render_parts(msgid, plural, count, args, params, language) -> str:
    template = _translate(msgid, plural, count, language)
    if args is None and params is None:
        return template
    args = [_render_param(a, language) for a in args or ()]
    params = {k: _render_param(v, language) for k, v in (params or {}).items()}
    fallback = msgid if plural is None or count == 1 else plural
    return _fill(template, fallback, args, params)


def join_messages(separator: str, items) -> str:
    """``separator.join(items)`` that keeps the messages among the items translatable."""
    items = list(items)
    if not any(isinstance(i, Message) for i in [separator, *items]):
        return separator.join(items)
    parts = []
    for index, item in enumerate(items):
        if index:
            parts.append(separator)
        parts.append(item)
    return Concat(parts)


def gettext(message: str) -> Message:
    return Message(message)


def ngettext(singular: str, plural: str, count: int) -> Message:
    return Message(singular, plural=plural, count=count)


_ = gettext
