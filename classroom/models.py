"""Cohorts (turmas) of a course, who is in them, and the deadlines and policies of their items.

A course's *items* are its modules' quizzes and exercises (see ``classroom.items``). A student is in
at most one cohort per course; a student in none studies on her own (self-study): no deadlines, the
course's default policies, and she appears only in the course-wide gradebook. Every change to these
rows goes through ``classroom.services``; scores after policy are computed in ``classroom.scores``.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courseware.models import Course, Module, Quiz
from exercises.models import Exercise

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in class


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))


class Cohort(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="cohorts", verbose_name=_("course"))
    name = models.CharField(_("name"), max_length=120)
    join_code = models.CharField(
        _("join code"),
        max_length=16,
        unique=True,
        default=new_join_code,
        help_text=_("Students type it on the course page to join this cohort."),
    )
    accepts_join_code = models.BooleanField(_("accepts the join code"), default=True)
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="teaching_cohorts",
        blank=True,
        verbose_name=_("instructors"),
        limit_choices_to={"is_staff": True},
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ("course", "name")
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [models.UniqueConstraint(fields=("course", "name"), name="classroom_cohort_name_unique")]
        permissions = [
            ("view_all_students", _("Can see every student of the course, in any cohort or none")),
        ]

    def __str__(self) -> str:
        return self.name


class Enrollment(models.Model):
    class Source(models.TextChoices):
        CODE = "code", _("join code")
        ROSTER = "roster", _("roster import")
        ADMIN = "admin", _("added by staff")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("cohort"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("student")
    )
    # The cohort's course, kept here so that the database itself refuses two cohorts of one course.
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+", editable=False)
    source = models.CharField(_("how"), max_length=10, choices=Source.choices, default=Source.ADMIN)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        ordering = ("cohort", "user__username")
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=("user", "course"), name="classroom_one_cohort_per_course"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.cohort}"

    def save(self, *args, **kwargs):
        self.course_id = self.cohort.course_id
        super().save(*args, **kwargs)

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        if self.cohort_id and self.user_id:
            others = Enrollment.objects.filter(user_id=self.user_id, course_id=self.cohort.course_id)
            if others.exclude(pk=self.pk).exists():
                raise ValidationError(_("This student is already in another cohort of this course."))


class Policy(models.Model):
    """The deadline and rules of one item (a module's quiz or an exercise) for one cohort.

    Blank fields keep the item's own defaults (the quiz's attempts per question and score policy;
    an exercise has no attempt limit and keeps the best score)."""

    class Penalty(models.TextChoices):
        NONE = "none", _("none (late work counts in full until the cutoff)")
        PER_DAY = "per_day", _("a fraction per day late")
        FACTOR = "factor", _("a fixed factor")

    ScorePolicy = Quiz.ScorePolicy  # the same choices as a quiz's: best or last attempt

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="policies", verbose_name=_("cohort"))
    module = models.ForeignKey(
        Module,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("module quiz"),
    )
    exercise = models.ForeignKey(
        Exercise, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("exercise")
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    cutoff_at = models.DateTimeField(
        _("hard cutoff"), null=True, blank=True, help_text=_("Nothing is accepted after it. Blank: the due date.")
    )
    penalty = models.CharField(_("late penalty"), max_length=10, choices=Penalty.choices, default=Penalty.NONE)
    penalty_value = models.DecimalField(
        _("penalty value"),
        max_digits=4,
        decimal_places=3,
        default=0,
        help_text=_(
            "Per day: the fraction lost per started day late (0.1 = 10%). "
            "Factor: what late work is multiplied by (0.5)."
        ),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempt limit"),
        null=True,
        blank=True,
        help_text=_("Submissions of an exercise, or attempts per question of a quiz. Blank: the item's own."),
    )
    cooldown_seconds = models.PositiveIntegerField(_("cooldown between attempts (s)"), null=True, blank=True)
    score_policy = models.CharField(_("score kept"), max_length=4, choices=ScorePolicy.choices, blank=True)
    weight = models.DecimalField(_("weight in the total"), max_digits=6, decimal_places=2, default=1)

    class Meta:
        ordering = ("cohort", "due_at", "id")
        verbose_name = _("deadline and policy")
        verbose_name_plural = _("deadlines and policies")
        constraints = [
            models.CheckConstraint(
                condition=(Q(module__isnull=False) & Q(exercise__isnull=True))
                | (Q(module__isnull=True) & Q(exercise__isnull=False)),
                name="classroom_policy_one_item",
            ),
            models.UniqueConstraint(fields=("cohort", "module"), name="classroom_policy_module_unique"),
            models.UniqueConstraint(fields=("cohort", "exercise"), name="classroom_policy_exercise_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.item_label}"

    @property
    def item_label(self) -> str:
        if self.module_id:
            return str(_("Quiz: %(module)s") % {"module": self.module})
        return str(self.exercise.title) if self.exercise_id else "—"

    def clean(self) -> None:
        errors = {}
        if bool(self.module_id) == bool(self.exercise_id):
            errors["module"] = _("Choose either a module's quiz or an exercise.")
        if self.module_id and self.cohort_id and self.module.course_id != self.cohort.course_id:
            errors["module"] = _("This module is not part of the cohort's course.")
        if self.exercise_id and self.cohort_id:
            slugs = {s for m in self.cohort.course.modules.all() for s in m.exercise_slugs}
            if self.exercise.slug not in slugs:
                errors["exercise"] = _("This exercise is not part of the cohort's course.")
        if self.opens_at and self.due_at and self.opens_at >= self.due_at:
            errors["due_at"] = _("The due date must come after the opening.")
        if self.due_at and self.cutoff_at and self.cutoff_at < self.due_at:
            errors["cutoff_at"] = _("The cutoff cannot come before the due date.")
        if self.cutoff_at and not self.due_at:
            errors["due_at"] = _("Set a due date to set a cutoff.")
        if self.penalty != self.Penalty.NONE:
            if not self.due_at:
                errors["penalty"] = _("A late penalty needs a due date.")
            if not (0 <= self.penalty_value <= 1):
                errors["penalty_value"] = _("Between 0 and 1.")
        if self.weight is not None and self.weight < 0:
            errors["weight"] = _("A weight cannot be negative.")
        if errors:
            raise ValidationError(errors)


class RegradeJob(models.Model):
    """Submissions of an exercise (of one cohort, or all) sent to be graded again; progress is read
    from the submissions themselves (final and finished after the job started)."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="+", verbose_name=_("exercise"))
    cohort = models.ForeignKey(
        Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("cohort")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("requested by")
    )
    submission_ids = models.JSONField(_("submissions"), default=list, editable=False)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    queued_at = models.DateTimeField(_("all queued at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("regrade")
        verbose_name_plural = _("regrades")

    def __str__(self) -> str:
        return f"{self.exercise.slug} · {self.created_at:%Y-%m-%d %H:%M}"
