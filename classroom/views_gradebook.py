"""Staff: the courses and cohorts a staff member may open, the gradebook of a course or cohort (with its
CSV export), and a student's history."""

import json
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from courseware.models import Course
from exercises.models import Submission
from exercises.status import grader_status

from . import access, export, scores, statistics
from .policies import Item
from .staff import scope, staff_page

FIXED_COLUMNS = ("username", "name", "cohort", "total")


@staff_page
@require_GET
def staff_home(request):
    cohorts = list(access.cohorts_visible_to(request.user).order_by("course__title", "name"))
    everyone = access.sees_everyone(request.user)
    if everyone:
        courses = list(Course.objects.order_by("title"))
    else:
        courses = list({c.course_id: c.course for c in cohorts}.values())
    entries = []
    for course in courses:
        scopes = [(None, "")] if everyone else []  # the whole course: every student account
        scopes += [(c, f"?cohort={c.pk}") for c in cohorts if c.course_id == course.pk]
        links = [
            _CourseLink(
                cohort,
                reverse("classroom:gradebook", args=[course.slug]) + query,
                reverse("classroom:statistics", args=[course.slug]) + query,
                reverse("classroom:regrades", args=[course.slug]) + query,
            )
            for cohort, query in scopes
        ]
        entries.append((course, links))
    return render(
        request,
        "classroom/staff_home.html",
        {"entries": entries, "everyone": everyone, "grader": grader_status()},
    )


@dataclass(frozen=True)
class _CourseLink:
    cohort: object
    gradebook: str
    statistics: str
    regrades: str


@dataclass(frozen=True)
class _Column:
    key: str
    label: str
    item: Item | None = None
    max: float | None = None
    weight: str = ""  # "" when it differs between the cohorts shown
    due_at: object = None
    sort_url: str = ""
    aria_sort: str = "none"  # "ascending", "descending" on the column sorted by


@staff_page
@require_GET
def gradebook(request, course_slug):
    where = scope(request, course_slug)
    if request.GET.get("format") == "csv":
        return _csv(request, where)
    book = scores.build(where.course, where.students())
    everyone_in_scope = len(book.rows)
    rows = _filtered(book.rows, request.GET)
    keys = {*FIXED_COLUMNS, *(item.key for item in book.items)}
    sort = request.GET.get("sort", "username")
    sort = sort if sort in keys else "username"
    descending = request.GET.get("dir") == "desc"
    rows = _sorted(rows, sort, descending)
    columns = _columns(request, book, where.cohort, sort, descending)
    base = reverse("classroom:gradebook", args=[where.course.slug])
    cohort_query = f"?cohort={where.cohort.pk}&" if where.cohort else "?"
    context = {
        "course": where.course,
        "cohort": where.cohort,
        "cohorts": where.cohorts,
        "everyone": access.sees_everyone(request.user),
        "book": book,
        "columns": columns,
        "rows": [(row, [row.cells[item.key] for item in book.items], _student_url(where, row)) for row in rows],
        "shown": len(rows),
        "total_students": everyone_in_scope,
        "q": request.GET.get("q", ""),
        "late": request.GET.get("late") == "1",
        "inactive": request.GET.get("inactive") == "1",
        "sort": sort,
        "dir": "desc" if descending else "asc",
        "csv_url": f"{base}{cohort_query}format=csv",
        "csv_comma_url": f"{base}{cohort_query}format=csv&decimal=comma",
    }
    return render(request, "classroom/gradebook.html", context)


def _student_url(where, row) -> str:
    return reverse("classroom:student", args=[where.course.slug, row.user.pk])


def _csv(request, where) -> HttpResponse:
    book = scores.build(where.course, where.students())
    comma = request.GET.get("decimal") == "comma"
    response = HttpResponse(
        export.csv_text(book, decimal_comma=comma, bom=True).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{export.filename(book, where.cohort)}"'
    return response


def _filtered(rows: list, params) -> list:
    needle = params.get("q", "").strip().casefold()
    if needle:
        rows = [r for r in rows if needle in r.user.get_username().casefold() or needle in r.name.casefold()]
    if params.get("late") == "1":
        rows = [r for r in rows if r.late]
    if params.get("inactive") == "1":
        rows = [r for r in rows if not r.active]
    return rows


def _sorted(rows: list, key: str, descending: bool) -> list:
    rows = sorted(rows, key=lambda r: r.user.get_username().casefold())
    if key == "username":
        return list(reversed(rows)) if descending else rows
    if key == "name":
        value = lambda r: r.name.casefold()  # noqa: E731
    elif key == "cohort":
        value = lambda r: r.cohort.name.casefold() if r.cohort else ""  # noqa: E731
    elif key == "total":
        value = lambda r: r.total  # noqa: E731
    else:
        value = lambda r: r.cells[key].score  # noqa: E731
    return sorted(rows, key=value, reverse=descending)


def _columns(request, book, cohort, sort: str, descending: bool) -> list[_Column]:
    """The table's columns, each with its sort link; an item's with its maximum, weight and (for a
    cohort) due date."""

    def sorting(key: str) -> dict:
        params = request.GET.copy()
        for name in ("format", "decimal"):
            params.pop(name, None)
        params["sort"] = key
        params["dir"] = "desc" if key == sort and not descending else "asc"
        aria = ("descending" if descending else "ascending") if key == sort else "none"
        return {"sort_url": "?" + params.urlencode(), "aria_sort": aria}

    if cohort is not None:
        rule_sets = [book.rules.get(cohort.pk) or scores.item_rules(book.items, cohort)]
    else:
        rule_sets = list(book.rules.values()) or [scores.item_rules(book.items, None)]
    columns = [_Column("username", _("Student"), **sorting("username")), _Column("name", _("Name"), **sorting("name"))]
    if cohort is None:
        columns.append(_Column("cohort", _("Cohort"), **sorting("cohort")))
    for item in book.items:
        weights = {rules[item.key].weight for rules in rule_sets}
        columns.append(
            _Column(
                item.key,
                item.title,
                item=item,
                max=next((row.cells[item.key].max for row in book.rows), None),
                weight=f"{weights.pop():g}" if len(weights) == 1 else "",
                due_at=rule_sets[0][item.key].due_at if cohort is not None else None,
                **sorting(item.key),
            )
        )
    columns.append(_Column("total", _("Total (%)"), **sorting("total")))
    return columns


@staff_page
@require_GET
def student(request, course_slug, user_id):
    course = get_object_or_404(Course, slug=course_slug)
    person = get_object_or_404(get_user_model(), pk=user_id)
    if not access.can_see_student(request.user, person):
        raise Http404(_("No such student."))
    record = scores.history(course, person)
    for entry in record.items:
        for question, marks in entry.questions:
            for mark in marks:
                mark.row["answer_html"] = _answer_html(question, mark.row.get("answer"))
        for mark in entry.submissions:
            mark.row["status_label"] = Submission.Status(mark.row["status"]).label
    cohort = record.row.cohort
    back = reverse("classroom:gradebook", args=[course.slug])
    if cohort is not None and access.cohorts_visible_to(request.user).filter(pk=cohort.pk).exists():
        back += f"?cohort={cohort.pk}"
    context = {"course": course, "person": person, "record": record, "cohort": cohort, "back_url": back}
    return render(request, "classroom/student.html", context)


def _answer_html(question, answer):
    """A given answer as the instructor reads it: chosen options and ordered items by their texts (as
    the statistics name them), anything else exactly as it was given."""
    if question.kind in ("single", "multiple", "ordering"):
        key = statistics.answer_key(question, answer)
        if key[0] == "keys":
            return statistics.describe_answer(question, key, 1).html
    if answer is None:
        return ""
    return escape(answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False))
