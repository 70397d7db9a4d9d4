"""Statistics of a course for its instructors, over a set of students (a cohort's, or everyone's).

Pure computations: ``course_statistics`` reads a fixed handful of querysets (modules, questions,
exercises, attempts, submissions, lessons read), whatever the number of students, and aggregates them
in Python into the dataclasses below; the page only shows them.

- A question: its attempts, the students who tried it, the share right at their first attempt and
  at any attempt, and the most common wrong answers. Choices and orderings are shown by their option
  texts; numbers are rounded to two significant digits so that near-identical values fall together.
- An exercise (counted submissions only: a platform failure is not an attempt): the students who
  submitted, the share of them with full marks (a graded submission with score == max score), the
  median number of submissions up to and including the first full-mark one, the median time from
  the first submission to it, and per check its pass rate over graded submissions and its most
  common failing messages, in the viewer's language.
- A module: of the students, how many read the lesson, answered every question, solved every
  exercise, and did all three.
"""

import json
import math
import re
import statistics as pystats
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from html import escape

from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from courseware import engine
from courseware.markdown import render_markdown
from courseware.models import Attempt, Course, Module, ModuleProgress, Question
from courseware.questions import inline_markdown
from exercises.models import Exercise, Submission

from .policies import course_items

TOP_WRONG_ANSWERS = 5
TOP_FAILING_MESSAGES = 3
SIGNIFICANT_DIGITS = 2
_PLACEHOLDER = re.compile(r"\{\{\s*[A-Za-z_][A-Za-z0-9_]*(?:\s*\|\s*[a-z]+)?\s*\}\}")


def rate(part: int, whole: int) -> float | None:
    """``part / whole``, or None when there is nobody to count."""
    return part / whole if whole else None


@dataclass(frozen=True)
class AnswerCount:
    """A given answer (or failing message) and how many times it was given. ``parts`` are shown
    joined by ``separator``; with ``markdown`` they are course Markdown (option texts)."""

    parts: tuple[str, ...]
    count: int
    markdown: bool = False
    separator: str = ""

    @property
    def text(self) -> str:
        return self.separator.join(self.parts)

    @property
    def html(self) -> SafeString:
        if not self.markdown:
            return mark_safe(escape(self.text))
        return mark_safe(escape(self.separator).join(inline_markdown(part) for part in self.parts))


@dataclass
class QuestionStats:
    question: Question
    attempts: int = 0
    students: int = 0  # who tried it
    first_try_correct: int = 0  # students right at their first attempt
    correct: int = 0  # students right at some attempt
    wrong_answers: list[AnswerCount] = field(default_factory=list)
    wrong_attempts: int = 0

    @property
    def first_try_rate(self) -> float | None:
        return rate(self.first_try_correct, self.students)

    @property
    def correct_rate(self) -> float | None:
        return rate(self.correct, self.students)

    @property
    def rounded(self) -> bool:
        """Whether the wrong answers shown are numbers rounded (binned)."""
        return self.question.kind in engine.NUMBER_KINDS

    @property
    def varies(self) -> bool:
        """Whether each student got her own numbers (wrong values then differ between variants)."""
        return bool(self.question.generator and self.question.randomize)

    @property
    def prompt_html(self) -> SafeString:
        return render_markdown(_PLACEHOLDER.sub("…", self.question.prompt))


@dataclass
class CheckStats:
    name: str  # in the viewer's language
    hidden: bool = False
    graded: int = 0  # graded submissions that ran this check
    passed: int = 0
    failing_messages: list[AnswerCount] = field(default_factory=list)

    @property
    def pass_rate(self) -> float | None:
        return rate(self.passed, self.graded)


@dataclass
class ExerciseStats:
    exercise: Exercise
    students: int = 0  # who submitted
    solved: int = 0  # students with full marks
    submissions: int = 0  # counted submissions
    median_attempts: float | None = None  # submissions up to and including the first full-mark one
    median_time: timedelta | None = None  # first submission → first full-mark submission
    checks: list[CheckStats] = field(default_factory=list)

    @property
    def pass_rate(self) -> float | None:
        return rate(self.solved, self.students)

    @property
    def median_time_text(self) -> str:
        return format_duration(self.median_time) if self.median_time is not None else ""


@dataclass
class ModuleStats:
    module: Module
    students: int  # the students of the scope
    questions: list[QuestionStats] = field(default_factory=list)
    exercises: list[ExerciseStats] = field(default_factory=list)
    read: int = 0
    answered_all: int = 0  # meaningful only when the module has questions
    solved_all: int = 0  # meaningful only when the module has exercises
    completed: int = 0  # read, answered every question and solved every exercise

    @property
    def read_rate(self) -> float | None:
        return rate(self.read, self.students)

    @property
    def answered_rate(self) -> float | None:
        return rate(self.answered_all, self.students) if self.questions else None

    @property
    def solved_rate(self) -> float | None:
        return rate(self.solved_all, self.students) if self.exercises else None

    @property
    def completed_rate(self) -> float | None:
        return rate(self.completed, self.students)


@dataclass
class CourseStats:
    course: Course
    students: int
    modules: list[ModuleStats]

    @property
    def questions(self) -> list[QuestionStats]:
        return [q for m in self.modules for q in m.questions]

    @property
    def exercises(self) -> list[ExerciseStats]:
        return [e for m in self.modules for e in m.exercises]


# -- the whole course -------------------------------------------------------------------------


def course_statistics(course: Course, students: QuerySet) -> CourseStats:
    """The statistics of ``course`` over ``students`` (a queryset of users)."""
    student_ids = set(students.values_list("pk", flat=True))
    who = students.order_by().values("pk")
    items = course_items(course)
    modules = list(course.modules.filter(is_published=True).order_by("number"))
    quiz_modules = {item.module.pk for item in items if item.kind == "quiz"}
    questions = list(
        Question.objects.filter(quiz__module_id__in=quiz_modules, is_active=True)
        .select_related("quiz")
        .order_by("position", "id")
    )
    exercises = [item.exercise for item in items if item.kind == "exercise"]

    attempts = Attempt.objects.filter(question__in=questions, user__in=who).order_by()
    question_stats, answered = _questions(
        questions, attempts.values_list("question_id", "user_id", "number", "answer", "correct")
    )
    submissions = (
        Submission.objects.filter(exercise__in=exercises, user__in=who, counts=True)
        .order_by("created_at", "id")
        .values_list("exercise_id", "user_id", "status", "score", "max_score", "created_at", "checks")
    )
    exercise_stats, solvers = _exercises(exercises, submissions)
    read = defaultdict(set)
    for module_id, user_id in ModuleProgress.objects.filter(
        module__in=modules, user__in=who, read_at__isnull=False
    ).values_list("module_id", "user_id"):
        read[module_id].add(user_id)

    out = []
    for module in modules:
        row = ModuleStats(module, len(student_ids))
        row.questions = [question_stats[q.pk] for q in questions if q.quiz.module_id == module.pk]
        row.exercises = [
            exercise_stats[item.exercise.pk] for item in items if item.kind == "exercise" and item.module == module
        ]
        readers = read[module.pk] & student_ids
        all_answered = _everyone_in(student_ids, [answered[q.question.pk] for q in row.questions])
        all_solved = _everyone_in(student_ids, [solvers[e.exercise.pk] for e in row.exercises])
        row.read = len(readers)
        row.answered_all = len(all_answered)
        row.solved_all = len(all_solved)
        row.completed = len(readers & all_answered & all_solved)
        out.append(row)
    return CourseStats(course, len(student_ids), out)


def _everyone_in(students: set, groups: list[set]) -> set:
    """The students in every one of ``groups`` (all of them when there is no group)."""
    found = set(students)
    for group in groups:
        found &= group
    return found


# -- questions --------------------------------------------------------------------------------


def _questions(questions: list[Question], rows) -> tuple[dict[int, QuestionStats], dict[int, set]]:
    """Per question its statistics, and the students who answered it."""
    by_pk = {q.pk: q for q in questions}
    stats = {q.pk: QuestionStats(q) for q in questions}
    tried = defaultdict(set)
    right = defaultdict(set)
    first_right = defaultdict(set)
    wrong = defaultdict(Counter)
    for question_id, user_id, number, answer, correct in rows:
        row = stats[question_id]
        row.attempts += 1
        tried[question_id].add(user_id)
        if correct:
            right[question_id].add(user_id)
            if number == 1:
                first_right[question_id].add(user_id)
        else:
            row.wrong_attempts += 1
            wrong[question_id][answer_key(by_pk[question_id], answer)] += 1
    for pk, row in stats.items():
        row.students = len(tried[pk])
        row.correct = len(right[pk])
        row.first_try_correct = len(first_right[pk])
        common = sorted(wrong[pk].items(), key=lambda kv: (-kv[1], repr(kv[0])))[:TOP_WRONG_ANSWERS]
        row.wrong_answers = [describe_answer(row.question, key, count) for key, count in common]
    return stats, tried


def round_significant(x: float, digits: int = SIGNIFICANT_DIGITS) -> float:
    if x == 0 or not math.isfinite(x):
        return 0.0 if x == 0 else x
    return float(f"{x:.{digits - 1}e}") + 0.0  # + 0.0 turns -0.0 into 0.0


def _number(value) -> float | None:
    try:
        return round_significant(engine.parse_number(value))
    except engine.AnswerError:
        return None


def _raw(answer) -> tuple:
    return ("raw", json.dumps(answer, sort_keys=True, ensure_ascii=False)[:200])


def answer_key(question: Question, answer):
    """What groups equal answers together: option keys in the options' order, numbers rounded to
    two significant digits, gates by perceptron. Answers that cannot be read are kept as given."""
    kind = question.kind
    if kind == "single":
        return ("keys", (answer,)) if isinstance(answer, str) else _raw(answer)
    if kind == "multiple":
        chosen = [answer] if isinstance(answer, str) else answer
        if not isinstance(chosen, list) or not all(isinstance(k, str) for k in chosen):
            return _raw(answer)
        order = {key: i for i, key in enumerate(_keys(question, "options"))}
        return ("keys", tuple(sorted(set(chosen), key=lambda k: (order.get(k, len(order)), k))))
    if kind == "ordering":
        if not isinstance(answer, list) or not all(isinstance(k, str) for k in answer):
            return _raw(answer)
        return ("keys", tuple(answer))
    if kind == "numeric":
        x = _number(answer)
        return _raw(answer) if x is None else ("number", x)
    if kind == "vector":
        values = tuple(_number(v) for v in answer) if isinstance(answer, list) else (None,)
        return _raw(answer) if None in values else ("vector", values)
    if kind == "matrix":
        if not isinstance(answer, list) or not all(isinstance(r, list) for r in answer):
            return _raw(answer)
        rows = tuple(tuple(_number(v) for v in row) for row in answer)
        return _raw(answer) if any(None in row for row in rows) else ("matrix", rows)
    if kind == "gates" and isinstance(answer, dict):
        return ("gates", tuple((str(name), _gate_key(setting)) for name, setting in sorted(answer.items())))
    return _raw(answer)


def _gate_key(setting):
    if isinstance(setting, dict):
        weights = setting.get("w") if isinstance(setting.get("w"), list) else []
        return (tuple(_number(w) for w in weights), _number(setting.get("b")))
    return str(setting)


def _keys(question: Question, entries: str) -> list[str]:
    return [e.get("key") for e in (question.spec or {}).get(entries, []) if isinstance(e, dict)]


def _texts(question: Question, entries: str) -> dict[str, str]:
    """Key → text of the options (or items), the variant's numbers left out (each student had hers)."""
    return {
        e["key"]: _PLACEHOLDER.sub("…", e.get("text") or e["key"])
        for e in (question.spec or {}).get(entries, [])
        if isinstance(e, dict) and "key" in e
    }


def describe_answer(question: Question, key, count: int) -> AnswerCount:
    """The answer grouped under ``key`` as an instructor reads it: the options' texts, never their keys
    alone; numbers in the viewer's language."""
    what, value = key
    separator = engine.decimal_separator(get_language())
    if what == "keys":
        entries = "items" if question.kind == "ordering" else "options"
        texts = _texts(question, entries)
        joiner = " → " if question.kind == "ordering" else " + "
        return AnswerCount(tuple(texts.get(k, k) for k in value), count, markdown=True, separator=joiner)
    if what == "number":
        return AnswerCount((engine.format_number(value, separator),), count)
    if what == "vector":
        return AnswerCount((engine.format_value(list(value), None, separator),), count)
    if what == "matrix":
        return AnswerCount((engine.format_value([list(r) for r in value], None, separator),), count)
    if what == "gates":
        parts = []
        for name, setting in value:
            if isinstance(setting, tuple):
                weights, bias = setting
                w = engine.format_value(list(weights), None, separator)
                shown = f"w = {w}, b = {engine.format_number(bias, separator)}"
            else:
                shown = setting
            parts.append(f"{name}: {shown}")
        return AnswerCount(tuple(parts), count, separator="; ")
    return AnswerCount((value,), count)


# -- exercises --------------------------------------------------------------------------------


def full_marks(status: str, score, max_score) -> bool:
    return status == Submission.Status.GRADED and score is not None and bool(max_score) and score >= max_score


def _check_key(check: dict) -> str:
    """One check across submissions graded in different languages: its message tree when stored."""
    data = check.get("name_data")
    return json.dumps(data, sort_keys=True) if data is not None else str(check.get("name", ""))


def _exercises(exercises: list[Exercise], rows) -> tuple[dict[int, ExerciseStats], dict[int, set]]:
    """Per exercise its statistics, and the students with full marks. ``rows`` in submission order."""
    stats = {e.pk: ExerciseStats(e) for e in exercises}
    counted = defaultdict(int)  # (exercise, student) → counted submissions so far
    first_at = {}  # (exercise, student) → first submission
    solved_after = defaultdict(dict)  # exercise → student → (submissions, time) at the first full mark
    submitters = defaultdict(set)
    checks = defaultdict(dict)  # exercise → check key → CheckStats
    failing = defaultdict(Counter)  # (exercise, check key) → message → count
    for exercise_id, user_id, status, score, max_score, created_at, raw_checks in rows:
        row = stats[exercise_id]
        who = (exercise_id, user_id)
        row.submissions += 1
        submitters[exercise_id].add(user_id)
        counted[who] += 1
        first_at.setdefault(who, created_at)
        if full_marks(status, score, max_score) and user_id not in solved_after[exercise_id]:
            solved_after[exercise_id][user_id] = (counted[who], created_at - first_at[who])
        if status != Submission.Status.GRADED or not isinstance(raw_checks, list):
            continue
        raw_checks = [c for c in raw_checks if isinstance(c, dict)]
        shown = Submission(checks=raw_checks).feedback_checks  # in the viewer's language
        for raw, check in zip(raw_checks, shown):
            key = _check_key(raw)
            entry = checks[exercise_id].setdefault(key, CheckStats(check["name"], bool(check.get("hidden"))))
            entry.graded += 1
            if check.get("passed"):
                entry.passed += 1
            elif check.get("message"):
                failing[(exercise_id, key)][check["message"]] += 1
    for pk, row in stats.items():
        row.students = len(submitters[pk])
        solved = solved_after[pk]
        row.solved = len(solved)
        if solved:
            row.median_attempts = pystats.median(n for n, _elapsed in solved.values())
            row.median_time = pystats.median(elapsed for _n, elapsed in solved.values())
        for key, entry in checks[pk].items():
            common = sorted(failing[(pk, key)].items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_FAILING_MESSAGES]
            entry.failing_messages = [AnswerCount((message,), count) for message, count in common]
            row.checks.append(entry)
    return stats, {pk: set(solved_after[pk]) for pk in stats}


def format_duration(elapsed: timedelta) -> str:
    seconds = int(elapsed.total_seconds())
    if seconds < 60:
        return _("%(s)d s") % {"s": seconds}
    minutes = seconds // 60
    if minutes < 60:
        return _("%(m)d min") % {"m": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    days, hours = divmod(hours, 24)
    return _("%(d)d d %(h)d h") % {"d": days, "h": hours}
