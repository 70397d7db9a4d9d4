"""Courses, modules, lessons, quizzes and a student's progress through them.

Content rows are loaded from files by ``sync_course`` and may be edited in the admin afterwards.
Quiz answers are never stored here: a question names a generator (trusted course code kept in
``Quiz.generators_code``) that computes each variant's answer, see ``courseware.engine``.
Every change to attempts and progress goes through ``courseware.services``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Course(models.Model):
    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=10, default="pt-br")
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    source_checksum = models.CharField(_("checksum of the source files"), max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ("title",)
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courseware:course", args=[self.slug])


class Module(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("course"))
    number = models.PositiveSmallIntegerField(_("number"))
    slug = models.SlugField(_("slug"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    exercise_slugs = models.JSONField(
        _("exercises"), default=list, blank=True, help_text=_("Slugs of exercises of the exercise bank, in order.")
    )
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ("course", "number")
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.UniqueConstraint(fields=("course", "number"), name="courseware_module_number_unique"),
            models.UniqueConstraint(fields=("course", "slug"), name="courseware_module_slug_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("courseware:lesson", args=[self.course.slug, self.slug])

    def clean(self) -> None:
        if not isinstance(self.exercise_slugs, list) or not all(isinstance(s, str) for s in self.exercise_slugs):
            raise ValidationError({"exercise_slugs": _("A list of exercise slugs.")})


class Lesson(models.Model):
    module = models.OneToOneField(Module, on_delete=models.CASCADE, related_name="lesson", verbose_name=_("module"))
    body = models.TextField(_("text (Markdown with LaTeX)"))
    figure_names = models.JSONField(_("figures"), default=list, blank=True)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return str(self.module)


class Figure(models.Model):
    """An image of a lesson, kept in the database so an exported course carries it along."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="figures", verbose_name=_("module"))
    filename = models.CharField(_("file name"), max_length=100)
    content_type = models.CharField(_("content type"), max_length=40)
    data = models.BinaryField(_("data"))

    class Meta:
        ordering = ("module", "filename")
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [models.UniqueConstraint(fields=("module", "filename"), name="courseware_figure_unique")]

    def __str__(self) -> str:
        return self.filename


class Quiz(models.Model):
    class ScorePolicy(models.TextChoices):
        BEST = "best", _("best attempt")
        LAST = "last", _("last attempt")

    module = models.OneToOneField(Module, on_delete=models.CASCADE, related_name="quiz", verbose_name=_("module"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    score_policy = models.CharField(
        _("score kept"), max_length=4, choices=ScorePolicy.choices, default=ScorePolicy.BEST
    )
    max_attempts = models.PositiveSmallIntegerField(_("attempts per question"), default=3)
    cooldown_seconds = models.PositiveIntegerField(_("cooldown between attempts (s)"), default=0)
    generators_code = models.TextField(
        _("generators (Python)"),
        blank=True,
        help_text=_("Trusted code from the course files; change it in the files and run sync_course."),
    )

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return self.title or str(self.module)


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        NUMERIC = "numeric", _("number")
        VECTOR = "vector", _("vector of numbers")
        MATRIX = "matrix", _("matrix of numbers")
        ORDERING = "ordering", _("ordering")
        GATES = "gates", _("gate composition")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quiz"))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    prompt = models.TextField(_("prompt (Markdown; {{ name }} shows a parameter)"))
    spec = models.JSONField(
        _("specification"),
        default=dict,
        blank=True,
        help_text=_("Options, items, tolerance or network, depending on the kind."),
    )
    generator = models.CharField(_("generator"), max_length=80, blank=True)
    randomize = models.BooleanField(_("a variant per student"), default=True)
    points = models.FloatField(_("points"), default=1)
    max_attempts = models.PositiveSmallIntegerField(_("attempts (blank: the quiz's)"), null=True, blank=True)
    cooldown_seconds = models.PositiveIntegerField(_("cooldown in seconds (blank: the quiz's)"), null=True, blank=True)
    explanation = models.TextField(_("explanation (Markdown)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ("quiz", "position", "id")
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.slug

    @property
    def attempts_allowed(self) -> int:
        return self.max_attempts or self.quiz.max_attempts

    @property
    def cooldown(self) -> int:
        return self.cooldown_seconds if self.cooldown_seconds is not None else self.quiz.cooldown_seconds

    def clean(self) -> None:
        from .engine import QuestionError, check_question

        try:
            check_question(self, self.quiz.generators_code if self.quiz_id else "")
        except QuestionError as error:
            raise ValidationError(str(error)) from error


class QuestionState(models.Model):
    """One student's standing on one question; the row that attempts lock."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_states", verbose_name=_("student")
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="states", verbose_name=_("question"))
    attempts_used = models.PositiveSmallIntegerField(_("attempts used"), default=0)
    score = models.FloatField(_("score kept"), default=0)
    correct = models.BooleanField(_("correct"), default=False)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("question state")
        verbose_name_plural = _("question states")
        constraints = [models.UniqueConstraint(fields=("user", "question"), name="courseware_state_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.question}"


class Attempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts", verbose_name=_("student")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("question")
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    seed = models.BigIntegerField(_("seed"), null=True, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    answer = models.JSONField(_("answer given"), null=True, blank=True)
    correct = models.BooleanField(_("correct"), default=False)
    score = models.FloatField(_("score"), default=0)
    feedback = models.TextField(_("feedback"), blank=True)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(fields=("user", "question", "number"), name="courseware_attempt_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.question} #{self.number} · {self.user}"


class ModuleProgress(models.Model):
    """What a student did in a module: read the lesson, answered questions, quiz score.

    Exercise results live in ``exercises.Submission`` and are read from there when shown."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress", verbose_name=_("student")
    )
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="progress", verbose_name=_("module"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    questions_answered = models.PositiveSmallIntegerField(_("questions answered"), default=0)
    questions_correct = models.PositiveSmallIntegerField(_("questions correct"), default=0)
    quiz_score = models.FloatField(_("quiz score"), default=0)
    quiz_max_score = models.FloatField(_("quiz maximum"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ("user", "module")
        verbose_name = _("student progress")
        verbose_name_plural = _("student progress")
        constraints = [models.UniqueConstraint(fields=("user", "module"), name="courseware_progress_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.module}"
