"""Turning what a student sends (a form field, an uploaded file, a JSON string) into source text.

Everything is checked before anything is stored: an empty or huge file, bytes that are not UTF-8,
binary data. A Jupyter notebook is accepted and its code cells extracted.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from grader.notebook import notebook_to_source


class InvalidSubmission(ValueError):
    """The student's upload cannot be graded; the message says why, in her language."""


def source_from_bytes(data: bytes, filename: str = "") -> str:
    limit = settings.MAX_SOURCE_BYTES
    if len(data) > limit:
        raise InvalidSubmission(
            _("The file is too large: %(size)d KB; the limit is %(limit)d KB.")
            % {"size": len(data) // 1024, "limit": limit // 1024}
        )
    if b"\x00" in data:
        raise InvalidSubmission(
            _("This looks like a binary file. Send the Python source (.py) or a notebook (.ipynb).")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidSubmission(
            _("The file is not valid UTF-8 text (byte %(position)d). Save it as UTF-8 and try again.")
            % {"position": exc.start}
        ) from None
    if filename.endswith(".ipynb"):
        try:
            text = notebook_to_source(text)
        except ValueError:
            raise InvalidSubmission(_("The notebook (.ipynb) could not be read.")) from None
    return validate_text(text)


def validate_text(text: str) -> str:
    if "\x00" in text:
        raise InvalidSubmission(_("The code contains NUL characters."))
    if len(text.encode("utf-8")) > settings.MAX_SOURCE_BYTES:
        raise InvalidSubmission(
            _("The code is too large; the limit is %(limit)d KB.") % {"limit": settings.MAX_SOURCE_BYTES // 1024}
        )
    if not text.strip():
        raise InvalidSubmission(_("The code is empty."))
    return text.replace("\r\n", "\n")


def source_from_upload(upload) -> str:
    """Read an UploadedFile without loading more than the limit into memory."""
    if upload.size is not None and upload.size > settings.MAX_SOURCE_BYTES:
        raise InvalidSubmission(
            _("The file is too large: %(size)d KB; the limit is %(limit)d KB.")
            % {"size": upload.size // 1024, "limit": settings.MAX_SOURCE_BYTES // 1024}
        )
    return source_from_bytes(upload.read(settings.MAX_SOURCE_BYTES + 1), upload.name or "")
