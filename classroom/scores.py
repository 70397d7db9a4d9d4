"""Scores after policy: what each student's work on each item of a course is worth, under her cohort's
rules (``classroom.policies``), and her weighted total.

Pure computation over rows fetched in a handful of queries (``.values()``), whatever the number of
students: the items, their questions, every attempt and every submission of the students on them, and
their enrollments; the rest is Python.

A quiz item (a module's quiz). For each active question, the student's attempts in order of their
number; only the first ``attempts_allowed(question, rules)`` count, and only those accepted while the
item was open (``rules.factor`` is None otherwise). An attempt is worth its score times the late
factor; the question keeps the best of them (policy "best") or the last (policy "last") and is worth
its points times that. The quiz is worth the sum over its questions, out of the sum of their points.

An exercise. The submissions that count as attempts (``counts``: a platform failure does not), in the
order they were accepted; only the first ``rules.max_attempts`` (when set) are attempts. Among those,
a submission with a verdict (graded, or an error of the student's code) and a score is worth
score / max_score × the exercise's points × the late factor; the best or the last is kept.

Lateness is decided by when work was accepted (``created_at``), never when it was graded. A cell is
flagged late when work it keeps was late.

The total is a weighted percentage: 100 × Σ wᵢ·(scoreᵢ / maxᵢ) / Σ wᵢ over the items worth something
(max > 0), wᵢ being the item's weight in the student's cohort (1 by default). Work never done counts 0.
Self-study students (no cohort) have the default rules; in the course-wide gradebook each student is
scored under her own cohort's rules.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from courseware.models import Attempt, Course, Question
from courseware.services import attempts_allowed
from exercises.models import Submission

from .models import Cohort, Enrollment, Policy
from .policies import CohortRules, Item, Rules, course_items

NONE, DONE = "none", "done"


@dataclass
class Cell:
    score: float = 0.0
    max: float = 0.0
    late: bool = False
    attempts: int = 0  # attempts within the limit (a quiz: summed over its questions)
    status: str = NONE  # "done": at least one attempt; "none": no activity

    @property
    def percent(self) -> float:
        return 100 * self.score / self.max if self.max else 0.0


@dataclass
class Row:
    user: object
    cohort: Cohort | None
    cells: dict[str, Cell]
    total: float

    @property
    def name(self) -> str:
        return self.user.get_full_name()

    @property
    def late(self) -> bool:
        return any(cell.late for cell in self.cells.values())

    @property
    def active(self) -> bool:
        return any(cell.status == DONE for cell in self.cells.values())


@dataclass
class Gradebook:
    course: Course
    items: list[Item]
    rows: list[Row]
    # The rules each cohort present (None: self-study) applies to each item: {cohort_id: {item.key: Rules}}.
    rules: dict[int | None, dict[str, Rules]] = field(default_factory=dict)

    def rules_of(self, row: Row) -> dict[str, Rules]:
        return self.rules[row.cohort.pk if row.cohort else None]


# -- one attempt or submission as the gradebook reads it ------------------------------------------


@dataclass
class Mark:
    row: dict  # the attempt's or submission's values
    within_limit: bool  # among the attempts that count towards the limit
    factor: float | None  # the late factor; None: accepted outside the item's dates
    late: bool
    value: float | None  # the fraction of the points it is worth after penalty; None: worth nothing
    counts: bool = True  # False: a platform failure (not an attempt at all)
    kept: bool = False  # the one the score keeps

    @property
    def note(self) -> str:
        """Why this attempt is not worth anything, in the active language ("" when it is)."""
        if not self.counts:
            return _("platform failure: not an attempt")
        if not self.within_limit:
            return _("beyond the attempt limit")
        if self.factor is None:
            return _("outside the dates: not counted")
        if self.value is None:
            return _("no verdict yet")
        return ""


def _marks(rows: list[dict], limit: int | None, rules: Rules, fraction: Callable[[dict], float | None]) -> list[Mark]:
    marks = []
    for index, row in enumerate(rows):
        within = limit is None or index < limit
        when = row["created_at"]
        factor = rules.factor(when)
        raw = fraction(row) if within and factor is not None else None
        marks.append(Mark(row, within, factor, rules.is_late(when), None if raw is None else raw * factor))
    return marks


def _keep(marks: list[Mark], score_policy: str) -> Mark | None:
    valued = [m for m in marks if m.value is not None]
    if not valued:
        return None
    if score_policy == Policy.ScorePolicy.LAST:
        kept = valued[-1]
    else:
        kept = valued[0]
        for mark in valued[1:]:
            if mark.value > kept.value:  # ties keep the earlier one
                kept = mark
    kept.kept = True
    return kept


def _attempt_fraction(row: dict) -> float | None:
    return row["score"]


def _submission_fraction(row: dict) -> float | None:
    if row["status"] not in Submission.FINAL or row["score"] is None or not row["max_score"]:
        return None
    return row["score"] / row["max_score"]


# -- the rows of a set of students on a set of items ----------------------------------------------

ATTEMPT_FIELDS = ("id", "user_id", "question_id", "number", "score", "created_at")
SUBMISSION_FIELDS = ("id", "user_id", "exercise_id", "status", "score", "max_score", "counts", "created_at")


class _Work:
    """Questions of the quiz items, and the students' attempts and submissions on the items."""

    def __init__(self, items: list[Item], users, *, detail: bool = False):
        quiz_modules = [item.module for item in items if item.kind == "quiz"]
        exercises = [item.exercise for item in items if item.kind == "exercise"]
        prefetch_related_objects(list({m.pk: m for m in quiz_modules}.values()), "quiz")
        self.questions: dict[int, list[Question]] = defaultdict(list)
        questions = Question.objects.filter(quiz__module__in=quiz_modules, is_active=True).select_related("quiz")
        for question in questions.order_by("position", "id"):
            self.questions[question.quiz.module_id].append(question)
        question_ids = [q.pk for qs in self.questions.values() for q in qs]

        self.attempts: dict[tuple[int, int], list[dict]] = defaultdict(list)
        fields = (*ATTEMPT_FIELDS, "answer", "correct") if detail else ATTEMPT_FIELDS
        attempts = Attempt.objects.filter(user__in=users, question__in=question_ids)
        for row in attempts.order_by("number", "id").values(*fields):
            self.attempts[row["user_id"], row["question_id"]].append(row)

        self.submissions: dict[tuple[int, int], list[dict]] = defaultdict(list)
        submissions = Submission.objects.filter(user__in=users, exercise__in=exercises)
        if detail:
            fields = (*SUBMISSION_FIELDS, "source", "finished_at")
        else:
            fields, submissions = SUBMISSION_FIELDS, submissions.filter(counts=True)
        for row in submissions.order_by("created_at", "id").values(*fields):
            self.submissions[row["user_id"], row["exercise_id"]].append(row)

    def quiz(self, item: Item, user_id: int, rules: Rules) -> tuple[Cell, list[tuple[Question, list[Mark]]]]:
        cell, detail = Cell(), []
        for question in self.questions.get(item.module.pk, []):
            rows = self.attempts.get((user_id, question.pk), [])
            marks = _marks(rows, attempts_allowed(question, rules), rules, _attempt_fraction)
            kept = _keep(marks, rules.score_policy)
            cell.max += question.points
            cell.attempts += sum(m.within_limit for m in marks)
            if kept is not None:
                cell.score += question.points * kept.value
                cell.late = cell.late or kept.late
            detail.append((question, marks))
        cell.status = DONE if cell.attempts else NONE
        return cell, detail

    def exercise(self, item: Item, user_id: int, rules: Rules) -> tuple[Cell, list[Mark]]:
        rows = self.submissions.get((user_id, item.exercise.pk), [])
        counted = [row for row in rows if row["counts"]]
        marks = _marks(counted, rules.max_attempts, rules, _submission_fraction)
        kept = _keep(marks, rules.score_policy)
        points = float(item.exercise.points)
        cell = Cell(max=points, attempts=sum(m.within_limit for m in marks))
        if kept is not None:
            cell.score, cell.late = points * kept.value, kept.late
        cell.status = DONE if cell.attempts else NONE
        failed = {row["id"] for row in rows if not row["counts"]}
        if failed:  # platform failures, shown in the history where they happened
            by_id = {m.row["id"]: m for m in marks}
            marks = [
                by_id.get(row["id"]) or Mark(row, False, None, rules.is_late(row["created_at"]), None, counts=False)
                for row in rows
            ]
        return cell, marks

    def cell(self, item: Item, user_id: int, rules: Rules) -> Cell:
        if item.kind == "quiz":
            return self.quiz(item, user_id, rules)[0]
        return self.exercise(item, user_id, rules)[0]


def _total(items: list[Item], cells: dict[str, Cell], rules: dict[str, Rules]) -> float:
    weighted = weights = 0.0
    for item in items:
        cell = cells[item.key]
        if cell.max > 0:
            weight = rules[item.key].weight
            weighted += weight * cell.score / cell.max
            weights += weight
    return 100 * weighted / weights if weights else 0.0


def cohorts_of(course: Course, users) -> dict[int, Cohort]:
    """{user id: her cohort in ``course``} for those of ``users`` in one."""
    enrollments = Enrollment.objects.filter(course=course, user__in=users).select_related("cohort")
    return {e.user_id: e.cohort for e in enrollments}


class _RulesBook:
    """Each item's rules for each cohort, read once per cohort."""

    def __init__(self, items: list[Item]):
        self.items = items
        self.by_cohort: dict[int | None, dict[str, Rules]] = {}

    def of(self, cohort: Cohort | None) -> dict[str, Rules]:
        key = cohort.pk if cohort else None
        if key not in self.by_cohort:
            rules = CohortRules(cohort)
            self.by_cohort[key] = {item.key: rules.for_item(item) for item in self.items}
        return self.by_cohort[key]


def item_rules(items: list[Item], cohort: Cohort | None) -> dict[str, Rules]:
    """{item.key: the item's rules for ``cohort``} (None: self-study)."""
    return _RulesBook(items).of(cohort)


def _users_filter(students: QuerySet | Iterable) -> tuple[list, object]:
    if isinstance(students, QuerySet):
        return list(students), students.values("pk")
    users = list(students)
    return users, [u.pk for u in users]


def build(course: Course, students: QuerySet | Iterable, items: list[Item] | None = None) -> Gradebook:
    """The gradebook of ``students`` (a queryset or a list of users, kept in its order) on ``course``."""
    items = course_items(course) if items is None else items
    users, users_filter = _users_filter(students)
    cohorts = cohorts_of(course, users_filter)
    work = _Work(items, users_filter)
    book = _RulesBook(items)
    rows = []
    for user in users:
        cohort = cohorts.get(user.pk)
        rules = book.of(cohort)
        cells = {item.key: work.cell(item, user.pk, rules[item.key]) for item in items}
        rows.append(Row(user, cohort, cells, _total(items, cells, rules)))
    return Gradebook(course, items, rows, book.by_cohort)


# -- one student's history ---------------------------------------------------------------------


@dataclass
class ItemHistory:
    item: Item
    rules: Rules
    cell: Cell
    questions: list[tuple[Question, list[Mark]]] = field(default_factory=list)  # a quiz
    submissions: list[Mark] = field(default_factory=list)  # an exercise, platform failures included

    @property
    def attempts_allowed(self) -> int | None:
        return self.rules.max_attempts if self.item.kind == "exercise" else None


@dataclass
class History:
    row: Row
    items: list[ItemHistory]


def history(course: Course, user) -> History:
    """Every attempt and submission of ``user`` on ``course``'s items, each marked with what it is
    worth under her cohort's rules, and her gradebook row."""
    items = course_items(course)
    cohort = cohorts_of(course, [user.pk]).get(user.pk)
    rules = _RulesBook(items).of(cohort)
    work = _Work(items, [user.pk], detail=True)
    entries, cells = [], {}
    for item in items:
        if item.kind == "quiz":
            cell, questions = work.quiz(item, user.pk, rules[item.key])
            entries.append(ItemHistory(item, rules[item.key], cell, questions=questions))
        else:
            cell, marks = work.exercise(item, user.pk, rules[item.key])
            entries.append(ItemHistory(item, rules[item.key], cell, submissions=marks))
        cells[item.key] = cell
    return History(Row(user, cohort, cells, _total(items, cells, rules)), entries)
