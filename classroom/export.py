"""The gradebook as CSV, shared by the staff page (``?format=csv``) and ``manage.py gradebook --csv``.

Columns: ``username``, ``name``, ``cohort`` (blank for self-study), one column per item named by its
key (``quiz:<module-slug>``, ``exercise:<slug>``) holding the points that count after policy, and
``total`` (the weighted percentage, 0–100). Numbers have two decimals, rounded half up. An item never
attempted is 0, not blank, so that the columns add up and spreadsheets need no special case.

``decimal_comma``: decimal comma and ``;`` as separator, which Excel in pt-BR opens as columns;
otherwise a decimal point and ``,``. The download starts with a UTF-8 byte order mark (so Excel reads
accents); the command's output has none.
"""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

from django.utils.text import slugify

from .scores import Gradebook

BOM = "\ufeff"
CENT = Decimal("0.01")


def number(value: float, *, decimal_comma: bool = False) -> str:
    text = str(Decimal(repr(round(value, 9))).quantize(CENT, rounding=ROUND_HALF_UP))
    if text == "-0.00":
        text = "0.00"
    return text.replace(".", ",") if decimal_comma else text


def header(book: Gradebook) -> list[str]:
    return ["username", "name", "cohort", *(item.key for item in book.items), "total"]


def rows(book: Gradebook, *, decimal_comma: bool = False) -> list[list[str]]:
    table = [header(book)]
    for row in book.rows:
        cells = [number(row.cells[item.key].score, decimal_comma=decimal_comma) for item in book.items]
        table.append(
            [
                row.user.get_username(),
                row.name,
                row.cohort.name if row.cohort else "",
                *cells,
                number(row.total, decimal_comma=decimal_comma),
            ]
        )
    return table


def csv_text(book: Gradebook, *, decimal_comma: bool = False, bom: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if decimal_comma else ",", lineterminator="\r\n")
    writer.writerows(rows(book, decimal_comma=decimal_comma))
    return (BOM if bom else "") + out.getvalue()


def filename(book: Gradebook, cohort) -> str:
    if cohort is None:
        who = "all-students"
    else:
        who = slugify(cohort.name) or f"cohort-{cohort.pk}"
    return f"gradebook-{book.course.slug}-{who}.csv"
