"""The rules that apply to a student on an item, and the checks the site, the API and the worker
make with them.

An *item* is a module's quiz or an exercise of a course. Its rules come from the student's cohort
(``Policy``) when there is one, else from the item's defaults: no dates, the quiz's attempts per
question and score policy, no attempt limit on exercises, best score kept.

Lateness is decided by when work was *accepted* (an attempt's or a submission's ``created_at``),
never by when it was graded: a submission accepted before the cutoff and graded after it is on time.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courseware.models import Course, Module, Question
from exercises.models import Exercise, Submission

from .models import Cohort, Enrollment, Policy


@dataclass(frozen=True)
class Item:
    kind: str  # "quiz" or "exercise"
    module: Module
    exercise: Exercise | None = None

    @property
    def key(self) -> str:
        return f"quiz:{self.module.slug}" if self.kind == "quiz" else f"exercise:{self.exercise.slug}"

    @property
    def title(self) -> str:
        if self.kind == "quiz":
            return _("Quiz %(number)s: %(title)s") % {"number": self.module.number, "title": self.module.title}
        return self.exercise.title


def course_items(course: Course) -> list[Item]:
    """The course's graded items in course order: each module's quiz (when it has questions), then
    its exercises in the module's order."""
    modules = list(course.modules.filter(is_published=True).order_by("number"))
    with_quiz = set(
        Question.objects.filter(quiz__module__in=modules, is_active=True).values_list("quiz__module_id", flat=True)
    )
    slugs = [slug for m in modules for slug in m.exercise_slugs]
    exercises = {e.slug: e for e in Exercise.objects.filter(slug__in=slugs, is_published=True)}
    items = []
    for module in modules:
        if module.pk in with_quiz:
            items.append(Item("quiz", module))
        items.extend(Item("exercise", module, exercises[s]) for s in module.exercise_slugs if s in exercises)
    return items


def course_of_exercise(exercise: Exercise) -> list[Course]:
    """The courses whose modules list ``exercise`` (usually one)."""
    modules = Module.objects.select_related("course").only("exercise_slugs", "course")
    return list({m.course for m in modules if exercise.slug in m.exercise_slugs})


@dataclass(frozen=True)
class Rules:
    opens_at: datetime | None = None
    due_at: datetime | None = None
    cutoff_at: datetime | None = None
    penalty: str = Policy.Penalty.NONE
    penalty_value: float = 0.0
    max_attempts: int | None = None
    cooldown_seconds: int | None = None
    score_policy: str = Policy.ScorePolicy.BEST
    weight: float = 1.0
    cohort: Cohort | None = None

    @property
    def closes_at(self) -> datetime | None:
        """When nothing more is accepted: the cutoff, else the due date."""
        return self.cutoff_at or self.due_at

    def is_open(self, when: datetime) -> bool:
        return (self.opens_at is None or when >= self.opens_at) and (self.closes_at is None or when <= self.closes_at)

    def is_late(self, when: datetime) -> bool:
        return self.due_at is not None and when > self.due_at

    def factor(self, when: datetime) -> float | None:
        """What work accepted at ``when`` is multiplied by; None when it does not count at all."""
        if not self.is_open(when):
            return None
        if not self.is_late(when):
            return 1.0
        if self.penalty == Policy.Penalty.PER_DAY:
            days = math.ceil((when - self.due_at) / timedelta(days=1))
            return max(0.0, 1.0 - days * self.penalty_value)
        if self.penalty == Policy.Penalty.FACTOR:
            return self.penalty_value
        return 1.0

    def refusal(self, when: datetime) -> str:
        """Why nothing can be accepted at ``when`` (dates only), or ""."""
        if self.opens_at and when < self.opens_at:
            return _("This opens on %(when)s.") % {"when": _local(self.opens_at)}
        if self.closes_at and when > self.closes_at:
            return _("The deadline has passed (%(when)s): nothing more is accepted.") % {"when": _local(self.closes_at)}
        return ""

    def describe_penalty(self) -> str:
        if self.penalty == Policy.Penalty.PER_DAY and self.penalty_value:
            return _("Late work loses %(percent)s%% per started day.") % {"percent": _percent(self.penalty_value)}
        if self.penalty == Policy.Penalty.FACTOR and self.penalty_value < 1:
            return _("Late work counts %(percent)s%%.") % {"percent": _percent(self.penalty_value)}
        return ""


def _percent(fraction: float) -> str:
    from django.template.defaultfilters import floatformat

    return floatformat(fraction * 100, -1)  # 10, 12,5 in pt-BR


def _local(when: datetime) -> str:
    return date_format(timezone.localtime(when), "DATETIME_FORMAT")


def rules_from(policy: Policy | None, cohort: Cohort | None, default_score_policy: str = "best") -> Rules:
    if policy is None:
        return Rules(score_policy=default_score_policy, cohort=cohort)
    return Rules(
        opens_at=policy.opens_at,
        due_at=policy.due_at,
        cutoff_at=policy.cutoff_at,
        penalty=policy.penalty,
        penalty_value=float(policy.penalty_value),
        max_attempts=policy.max_attempts,
        cooldown_seconds=policy.cooldown_seconds,
        score_policy=policy.score_policy or default_score_policy,
        weight=float(policy.weight),
        cohort=cohort,
    )


def cohort_of(user, course: Course) -> Cohort | None:
    if not user.is_authenticated:
        return None
    enrollment = Enrollment.objects.filter(user=user, course=course).select_related("cohort").first()
    return enrollment.cohort if enrollment else None


class CohortRules:
    """Every item's rules for one cohort (or for self-study when ``cohort`` is None), read once."""

    def __init__(self, cohort: Cohort | None):
        self.cohort = cohort

    @cached_property
    def _policies(self) -> dict[tuple[str, int], Policy]:
        if self.cohort is None:
            return {}
        return {
            ("quiz", p.module_id) if p.module_id else ("exercise", p.exercise_id): p
            for p in Policy.objects.filter(cohort=self.cohort)
        }

    def for_quiz(self, module: Module) -> Rules:
        quiz = getattr(module, "quiz", None)
        default = quiz.score_policy if quiz else "best"
        return rules_from(self._policies.get(("quiz", module.pk)), self.cohort, default)

    def for_exercise(self, exercise: Exercise) -> Rules:
        return rules_from(self._policies.get(("exercise", exercise.pk)), self.cohort)

    def for_item(self, item: Item) -> Rules:
        return self.for_quiz(item.module) if item.kind == "quiz" else self.for_exercise(item.exercise)


def quiz_rules(user, module: Module) -> Rules:
    return CohortRules(cohort_of(user, module.course)).for_quiz(module)


def exercise_rules(user, exercise: Exercise) -> Rules:
    """The rules of ``exercise`` for ``user``: her cohort's, in the first course listing the exercise
    where she has a cohort; the defaults otherwise."""
    if user.is_authenticated:
        for course in course_of_exercise(exercise):
            cohort = cohort_of(user, course)
            if cohort is not None:
                return CohortRules(cohort).for_exercise(exercise)
    return Rules()


# -- exercises: what the site, the API and the worker check ------------------------------------


@dataclass(frozen=True)
class SubmissionStanding:
    rules: Rules
    used: int  # submissions that count as attempts (a platform failure does not)
    attempts_left: int | None  # None: no limit
    wait_seconds: int
    refusal: str  # "" when she may submit now


def counted_submissions(user, exercise: Exercise):
    return Submission.objects.filter(user=user, exercise=exercise, counts=True)


def submission_standing(
    user, exercise: Exercise, now: datetime | None = None, *, rules: Rules | None = None
) -> SubmissionStanding:
    now = now or timezone.now()
    rules = rules or exercise_rules(user, exercise)
    counted = counted_submissions(user, exercise)
    used = counted.count() if user.is_authenticated else 0
    left = None if rules.max_attempts is None else max(0, rules.max_attempts - used)
    wait = 0
    if rules.cooldown_seconds and user.is_authenticated:
        last = counted.order_by("-created_at").values_list("created_at", flat=True).first()
        if last is not None:
            ready = last + timedelta(seconds=rules.cooldown_seconds)
            wait = max(0, math.ceil((ready - now).total_seconds()))
    refusal = rules.refusal(now)
    if not refusal and left == 0:
        refusal = _("You have used all %(n)d submissions allowed for this exercise.") % {"n": rules.max_attempts}
    if not refusal and wait:
        refusal = _("Wait %(s)d s before submitting again.") % {"s": wait}
    return SubmissionStanding(rules, used, left, wait, refusal)
