"""Translation of grader feedback, with or without Django.

Inside the platform Django's active language decides. ``python -m grader check`` runs on a
student's machine without Django settings: there the same compiled catalogues in ``locale/`` are
read with the standard library's gettext.
"""

import gettext as _stdlib_gettext
import os
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_standalone_language = os.environ.get("GRADER_LANGUAGE", "pt_BR")


def set_standalone_language(language: str) -> None:
    global _standalone_language
    _standalone_language = language.replace("-", "_")


@lru_cache(maxsize=8)
def _catalogue(language: str):
    return _stdlib_gettext.translation("django", LOCALE_DIR, languages=[language], fallback=True)


def _django_ready() -> bool:
    try:
        from django.conf import settings
    except ImportError:
        return False
    return settings.configured


def gettext(message: str) -> str:
    if _django_ready():
        from django.utils.translation import gettext as django_gettext

        return django_gettext(message)
    return _catalogue(_standalone_language).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    if _django_ready():
        from django.utils.translation import ngettext as django_ngettext

        return django_ngettext(singular, plural, count)
    return _catalogue(_standalone_language).ngettext(singular, plural, count)


_ = gettext
