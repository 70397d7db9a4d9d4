"""The pt-BR catalogue is complete: every text a user can see has a translation, compiled.

Every literal first argument of ``_``, ``gettext``, ``ngettext``, ``pgettext`` (and their lazy and
noop forms) in the project's Python files, the exercise bank included, and every ``{% translate %}``
and ``{% blocktranslate %}`` of its templates (read with Django's own ``templatize``, as
``makemessages`` reads them) must have a non-empty, non-fuzzy msgstr in
``locale/pt_BR/LC_MESSAGES/django.po``; and ``django.mo`` must say what the ``.po`` says.
``make messages`` adds new msgids to the ``.po``; a translator fills them, then ``compilemessages``.
"""

import ast
import gettext
import re
from pathlib import Path

from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "pt_BR" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PYTHON_DIRS = ("grader", "exercises", "courseware", "accounts", "config")
TEMPLATE_DIRS = ("templates", "exercises/templates", "courseware/templates", "accounts/templates")

# function name -> positions of (context, singular, plural) among its arguments
KEYWORDS = {
    **dict.fromkeys(("_", "gettext", "gettext_lazy", "gettext_noop"), (None, 0, None)),
    **dict.fromkeys(("ngettext", "ngettext_lazy"), (None, 0, 1)),
    **dict.fromkeys(("pgettext", "pgettext_lazy"), (0, 1, None)),
    **dict.fromkeys(("npgettext", "npgettext_lazy"), (0, 1, 2)),
}


def _literal(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _from_call(node: ast.Call):
    """(context, msgid, plural) of a translation call with literal arguments, else None."""
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
    if name not in KEYWORDS:
        return None
    context_at, msgid_at, plural_at = KEYWORDS[name]
    needed = max(i for i in (context_at, msgid_at, plural_at) if i is not None)
    if len(node.args) <= needed:
        return None
    context = _literal(node.args[context_at]) if context_at is not None else ""
    msgid = _literal(node.args[msgid_at])
    plural = _literal(node.args[plural_at]) if plural_at is not None else None
    if context is None or not msgid or (plural_at is not None and plural is None):
        return None
    return context, msgid, plural


def python_msgids():
    for folder in PYTHON_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and (found := _from_call(node)):
                    yield found, f"{path.relative_to(ROOT)}:{node.lineno}"


def template_msgids():
    call = re.compile(r"\b(?:n?p?gettext)\(")
    for folder in TEMPLATE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.html")):
            text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            for match in call.finditer(text):
                node = _first_call(text, match.start())
                if node is not None and (found := _from_call(node)):
                    yield found, str(path.relative_to(ROOT))


def _first_call(text: str, start: int):
    for end in (i for i in range(start, min(len(text), start + 20_000)) if text[i] == ")"):
        try:
            node = ast.parse(text[start : end + 1], mode="eval").body
        except SyntaxError:
            continue
        return node if isinstance(node, ast.Call) else None
    return None


def read_po(path: Path) -> dict:
    """{(context, msgid): {"plural": str|None, "msgstr": [str, ...], "fuzzy": bool}}; obsolete entries left out."""
    entries, current, field = {}, None, None

    def finish():
        if current and current.get("msgid") is not None:
            key = (current.get("msgctxt", ""), current["msgid"])
            strings = [current[k] for k in sorted(k for k in current if k.startswith("msgstr"))]
            entries[key] = {"plural": current.get("msgid_plural"), "msgstr": strings, "fuzzy": current["fuzzy"]}

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line or line.startswith("#~"):
            if not line:
                finish()
                current, field = None, None
            continue
        if current is None:
            current = {"fuzzy": False}
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                current["fuzzy"] = True
            continue
        keyword, _space, rest = line.partition(" ")
        if line.startswith('"'):
            current[field] += ast.literal_eval(line)
            continue
        field = keyword.replace("[", "_").replace("]", "")
        current[field] = ast.literal_eval(rest)
    return entries


def missing_translations() -> list[str]:
    catalogue = read_po(PO)
    missing = {}
    for (context, msgid, plural), where in [*python_msgids(), *template_msgids()]:
        entry = catalogue.get((context, msgid))
        if entry is None:
            problem = "not in the catalogue"
        elif entry["fuzzy"]:
            problem = "fuzzy"
        elif plural is not None and entry["plural"] != plural:
            problem = "plural differs"
        elif not entry["msgstr"] or not all(entry["msgstr"]):
            problem = "untranslated"
        else:
            continue
        missing.setdefault((context, msgid), f"{where}: {problem}: {msgid!r}")
    return sorted(missing.values())


def test_the_extraction_finds_texts_of_python_files_and_templates():
    found = {msgid for (_c, msgid, _p), _w in python_msgids()}
    assert "your code raised an exception" in found  # grader/failures.py
    assert "{passed} of {total} check passed" in found  # an ngettext of grader/engine.py
    assert "What your code printed" in {msgid for (_c, msgid, _p), _w in template_msgids()}


def test_every_msgid_has_a_pt_br_translation_missing_ones_fail_the_build():
    missing = missing_translations()
    assert not missing, f"{len(missing)} texts lack a pt-BR translation in {PO.relative_to(ROOT)}:\n" + "\n".join(
        missing
    )


def test_the_compiled_catalogue_matches_the_po_file():
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for (context, msgid), entry in read_po(PO).items():
        if not msgid or entry["fuzzy"] or not entry["msgstr"] or not all(entry["msgstr"]):
            continue  # msgfmt leaves these out
        if entry["plural"] is None:
            got = [compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)]
        else:
            # pt_BR's Plural-Forms: form 0 for n <= 1, form 1 beyond.
            got = [compiled.ngettext(msgid, entry["plural"], n) for n in (1, 2)][: len(entry["msgstr"])]
        if got != entry["msgstr"]:
            stale.append(msgid)
    assert not stale, f"django.mo is older than django.po (run compilemessages): {stale[:10]}"
