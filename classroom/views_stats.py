"""Staff: statistics of a course or cohort. The numbers come from ``classroom.statistics``; here they
are only laid out, with server-drawn SVG bar charts next to the tables that carry the same numbers."""

from dataclasses import dataclass, field

from django.shortcuts import render
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from . import access
from .staff import scope, staff_page
from .statistics import course_statistics

# Chart geometry (SVG user units): labels on the left, bars from BAR_X, 100% at BAR_X + BAR_WIDTH.
CHART_WIDTH = 640
LABEL_RIGHT = 196
BAR_X = 204
BAR_WIDTH = 360
BAR_HEIGHT = 12
SERIES_BAR_HEIGHT = 10  # rows of several bars (one per series)
BAR_GAP = 2
ROW_GAP = 9
TOP = 6
LABEL_CHARS = 30


@dataclass(frozen=True)
class ChartBar:
    y: float
    width: float
    css: str
    text: str  # the value as read: "33%", or "—" when there is nothing to count
    text_x: float
    text_y: float


@dataclass(frozen=True)
class ChartRow:
    label: str  # as shown (shortened)
    title: str  # in full, with the numbers: the tooltip and what assistive technology reads
    label_y: float
    track_y: float
    track_height: float
    bars: list[ChartBar]


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    rows: list[ChartRow]
    height: float
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, series name)
    width: int = CHART_WIDTH
    label_right: int = LABEL_RIGHT
    bar_x: int = BAR_X
    bar_width: int = BAR_WIDTH
    bar_height: int = BAR_HEIGHT
    small: bool = False  # smaller value texts, for rows of several bars
    half_x: float = BAR_X + BAR_WIDTH / 2
    full_x: int = BAR_X + BAR_WIDTH

    @property
    def tick_y(self) -> float:
        return self.height - 2


def percent_text(fraction: float | None) -> str:
    return "—" if fraction is None else f"{round(100 * fraction)}%"


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, str, list]], series: list[str] = ()) -> Chart:
    """``rows``: (label, title, fractions) with one fraction (or None) per series."""
    laid_out = []
    y = TOP
    bar_height = BAR_HEIGHT if len(series) < 2 else SERIES_BAR_HEIGHT
    for label, row_title, fractions in rows:
        bars = []
        for i, fraction in enumerate(fractions):
            bar_y = y + i * (bar_height + BAR_GAP)
            width = round(BAR_WIDTH * max(0.0, min(1.0, fraction or 0.0)), 1)
            text_x = round(BAR_X + width + 4, 1)
            bars.append(ChartBar(bar_y, width, f"s{i}", percent_text(fraction), text_x, bar_y + bar_height - 1))
        height = len(fractions) * (bar_height + BAR_GAP) - BAR_GAP
        laid_out.append(
            ChartRow(
                Truncator(label).chars(LABEL_CHARS),
                row_title,
                round(y + height / 2 + 4, 1),
                y - 2,
                height + 4,
                bars,
            )
        )
        y += height + ROW_GAP
    legend = [(f"s{i}", name) for i, name in enumerate(series)] if len(series) > 1 else []
    small = len(series) > 1
    return Chart(chart_id, title, laid_out, y - ROW_GAP + TOP + 14, legend, bar_height=bar_height, small=small)


def _count_text(part: int, whole: int) -> str:
    return _("%(part)d of %(whole)d") % {"part": part, "whole": whole}


def question_chart(module_stats) -> Chart:
    rows = [
        (
            q.question.slug,
            _("%(question)s: %(percent)s right at the first try (%(count)s)")
            % {
                "question": q.question.slug,
                "percent": percent_text(q.first_try_rate),
                "count": _count_text(q.first_try_correct, q.students),
            },
            [q.first_try_rate],
        )
        for q in module_stats.questions
    ]
    title = _("Module %(number)s: share of students right at the first try, per question") % {
        "number": module_stats.module.number
    }
    return bar_chart(f"chart-questions-{module_stats.module.number}", title, rows)


def exercise_chart(exercises) -> Chart:
    rows = [
        (
            e.exercise.title,
            _("%(exercise)s: %(percent)s of the students who submitted have full marks (%(count)s)")
            % {
                "exercise": e.exercise.title,
                "percent": percent_text(e.pass_rate),
                "count": _count_text(e.solved, e.students),
            },
            [e.pass_rate],
        )
        for e in exercises
    ]
    return bar_chart("chart-exercises", _("Pass rate per exercise (full marks among those who submitted)"), rows)


def completion_chart(modules) -> Chart:
    series = [_("read the lesson"), _("answered every question"), _("solved every exercise")]
    rows = []
    for m in modules:
        fractions = [m.read_rate, m.answered_rate, m.solved_rate]
        label = f"{m.module.number}. {m.module.title}"
        shown = "; ".join(f"{name} {percent_text(f)}" for name, f in zip(series, fractions))
        rows.append((label, f"{label}: {shown}", fractions))
    return bar_chart("chart-completion", _("Completion per module (share of the students)"), rows, series)


@staff_page
def statistics(request, course_slug):
    seen = scope(request, course_slug)
    stats = course_statistics(seen.course, seen.students())
    modules = [
        {"stats": m, "chart": question_chart(m) if m.questions else None}
        for m in stats.modules
        if m.questions or m.exercises
    ]
    context = {
        "scope": seen,
        "course": seen.course,
        "stats": stats,
        "modules": modules,
        "sees_everyone": access.sees_everyone(request.user),
        "completion_chart": completion_chart(stats.modules) if stats.modules else None,
        "exercise_chart": exercise_chart(stats.exercises) if stats.exercises else None,
    }
    return render(request, "classroom/statistics.html", context)
