"""Fixtures of the classroom tests: English assertions, and the shipped course loaded through the
real command."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

CONTENT = Path(__file__).resolve().parents[2] / "content" / "redes-neurais"


@pytest.fixture
def english(settings):
    """Assertions read the English msgids; the site's default language is pt-BR."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def shipped_course(db):
    from courseware.models import Course

    call_command("sync_course", str(CONTENT), stdout=io.StringIO())
    return Course.objects.get(slug="redes-neurais")
