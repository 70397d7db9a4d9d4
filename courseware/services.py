"""Every change to a student's attempts and progress goes through a verb here: ``answer`` and
``mark_read``. The permission-checked getters are here too.

``answer`` locks the student's QuestionState row (``select_for_update`` inside a transaction; SQLite
serialises the transaction instead) and moves ``attempts_used`` with a conditional update, so two
requests racing on the last attempt or inside the cooldown cannot both count.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from classroom.policies import quiz_rules

from . import engine
from .models import Attempt, Course, Module, ModuleProgress, Question, QuestionState, Quiz

# -- getters ---------------------------------------------------------------------------------


def get_course_for_user(user, slug: str) -> Course:
    courses = Course.objects.all() if user.is_staff else Course.objects.filter(is_published=True)
    try:
        return courses.get(slug=slug)
    except Course.DoesNotExist:
        raise Http404(_("No course named “%(slug)s”.") % {"slug": slug}) from None


def get_module_for_user(user, course_slug: str, module_slug: str) -> Module:
    course = get_course_for_user(user, course_slug)
    modules = course.modules.all() if user.is_staff else course.modules.filter(is_published=True)
    try:
        return modules.select_related("course").get(slug=module_slug)
    except Module.DoesNotExist:
        raise Http404(_("No module named “%(slug)s”.") % {"slug": module_slug}) from None


def get_question_for_user(user, module: Module, slug: str) -> Question:
    try:
        return Question.objects.select_related("quiz__module__course").get(
            quiz__module=module, slug=slug, is_active=True
        )
    except Question.DoesNotExist:
        raise Http404(_("No question named “%(slug)s”.") % {"slug": slug}) from None


def questions_of(module: Module) -> list[Question]:
    return list(Question.objects.filter(quiz__module=module, is_active=True).select_related("quiz__module__course"))


# -- the variant a student sees --------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where a student stands on a question: the variant to show and whether she may answer."""

    state: QuestionState | None
    variant: engine.Variant
    number: int  # the attempt the shown variant belongs to (0-based)
    attempts_left: int
    wait_seconds: int
    exhausted: bool


def standing(user, question: Question, state: QuestionState | None = None, rules=None) -> Standing:
    """``rules``: the student's rules for this quiz (``classroom.policies.quiz_rules``), read here when
    not given; pass them when showing many questions of one module."""
    code = question.quiz.generators_code
    if rules is None:
        rules = quiz_rules(user, question.quiz.module)
    allowed = attempts_allowed(question, rules)
    if not user.is_authenticated:
        return Standing(None, engine.make_variant(question, code, None), 0, allowed, 0, False)
    if state is None:
        state = QuestionState.objects.filter(user=user, question=question).first()
    used = state.attempts_used if state else 0
    exhausted = used >= allowed
    number = used - 1 if exhausted else used
    variant = engine.make_variant(question, code, engine.student_seed(user.pk, question.slug, number))
    return Standing(state, variant, number, max(0, allowed - used), _wait(question, state, rules), exhausted)


def attempts_allowed(question: Question, rules) -> int:
    return rules.max_attempts or question.attempts_allowed


def _cooldown(question: Question, rules) -> int:
    return rules.cooldown_seconds if rules.cooldown_seconds is not None else question.cooldown


def _wait(question: Question, state: QuestionState | None, rules) -> int:
    cooldown = _cooldown(question, rules)
    if not state or not state.last_attempt_at or not cooldown:
        return 0
    ready = state.last_attempt_at + timedelta(seconds=cooldown)
    remaining = (ready - timezone.now()).total_seconds()
    return max(0, int(remaining + 0.999))


# -- answering -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: str  # graded, invalid, closed, cooldown, exhausted, stale
    message: str = ""
    result: engine.Result | None = None
    attempt: Attempt | None = None


def answer(user, question: Question, number: int, given) -> Outcome:
    """Grade ``given`` as the student's attempt ``number`` (0-based; the variant she was shown).

    Refused without counting: an unreadable answer, an attempt inside the cooldown, beyond the limit,
    outside the cohort's dates (before the opening, after the deadline or cutoff), or for a variant
    that is no longer the current one (another tab answered first).
    """
    rules = quiz_rules(user, question.quiz.module)
    state, _created = QuestionState.objects.get_or_create(user=user, question=question)
    with transaction.atomic():
        state = QuestionState.objects.select_for_update().get(pk=state.pk)
        used = state.attempts_used
        closed = rules.refusal(timezone.now())
        if closed:
            return Outcome("closed", closed)
        if used >= attempts_allowed(question, rules):
            return Outcome("exhausted", _("No attempts left for this question."))
        if number != used:
            return Outcome("stale", _("This question has changed since the page was loaded; here is the current one."))
        wait = _wait(question, state, rules)
        if wait:
            return Outcome("cooldown", _("Wait %(s)d s before trying again.") % {"s": wait})
        seed = engine.student_seed(user.pk, question.slug, used)
        variant = engine.make_variant(question, question.quiz.generators_code, seed)
        try:
            result = engine.grade(question, variant, given)
        except engine.AnswerError as error:
            return Outcome("invalid", str(error))
        best = rules.score_policy == Quiz.ScorePolicy.BEST
        counted = QuestionState.objects.filter(pk=state.pk, attempts_used=used).update(
            attempts_used=F("attempts_used") + 1,
            score=max(state.score, result.score) if best else result.score,
            correct=(state.correct or result.correct) if best else result.correct,
            last_attempt_at=timezone.now(),
        )
        if not counted:
            return Outcome("stale", _("This question has changed since the page was loaded; here is the current one."))
        attempt = Attempt.objects.create(
            user=user,
            question=question,
            number=used + 1,
            seed=seed,
            params=variant.params,
            answer=given,
            correct=result.correct,
            score=result.score,
            feedback=result.feedback,
        )
        _refresh_progress(user, question.quiz.module)
    return Outcome("graded", result.feedback, result, attempt)


def mark_read(user, module: Module) -> None:
    if not user.is_authenticated:
        return
    progress, _created = ModuleProgress.objects.get_or_create(user=user, module=module)
    if progress.read_at is None:
        ModuleProgress.objects.filter(pk=progress.pk, read_at__isnull=True).update(read_at=timezone.now())


def _refresh_progress(user, module: Module) -> None:
    states = QuestionState.objects.filter(user=user, question__quiz__module=module, question__is_active=True)
    questions = Question.objects.filter(quiz__module=module, is_active=True)
    values = {
        "questions_answered": states.filter(attempts_used__gt=0).count(),
        "questions_correct": states.filter(correct=True).count(),
        "quiz_score": sum(s.score * s.question.points for s in states.select_related("question")),
        "quiz_max_score": questions.aggregate(total=Sum("points"))["total"] or 0,
    }
    ModuleProgress.objects.update_or_create(user=user, module=module, defaults=values)
