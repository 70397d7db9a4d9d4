from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grader.i18n import render


class Exercise(models.Model):
    """A coding exercise. Its checks and reference live in the bank folder named by ``slug``;
    the statement, points and limits are loaded from there and may be edited in the admin."""

    class Queue(models.TextChoices):
        CPU = "grading", _("CPU (numpy)")
        GPU = "grading-gpu", _("GPU (Keras)")

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    module_number = models.PositiveSmallIntegerField(_("module"), null=True, blank=True)
    statement = models.TextField(_("statement (Markdown)"), blank=True)
    starter_code = models.TextField(_("starter code"), blank=True)
    functions = models.JSONField(_("functions to define"), default=list, blank=True)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=10)
    time_limit_s = models.PositiveIntegerField(_("time limit (s)"), default=10)
    memory_mb = models.PositiveIntegerField(_("memory limit (MB)"), default=512)
    queue = models.CharField(_("queue"), max_length=20, choices=Queue.choices, default=Queue.CPU)
    is_published = models.BooleanField(_("published"), default=True)
    bundle_checksum = models.CharField(_("bundle checksum"), max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ("module_number", "slug")
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")

    def __str__(self) -> str:
        return f"{self.slug} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("exercises:detail", args=[self.slug])


class Submission(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        GRADED = "graded", _("graded")
        ERROR = "error", _("error")

    FINAL = (Status.GRADED, Status.ERROR)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("student")
    )
    exercise = models.ForeignKey(
        Exercise, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("exercise")
    )
    source = models.TextField(_("source code"))
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    language = models.CharField(_("feedback language"), max_length=10, default="pt-br")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    seed = models.BigIntegerField(_("seed"))
    score = models.FloatField(_("score"), null=True, blank=True)
    max_score = models.FloatField(_("max score"), null=True, blank=True)
    # The verdict's texts as they read in the language graded in (``message``, each check's "name" and
    # "message"), and as message trees (grader.i18n: ``message_data``, each check's "name_data" and
    # "message_data") that the pages render in the language of whoever views them. Rows graded before
    # the trees existed have only the texts, which are shown as they are.
    checks = models.JSONField(_("checks"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    message_data = models.JSONField(_("message (translatable)"), null=True, blank=True, editable=False)
    stdout = models.TextField(_("output"), blank=True)
    images = models.JSONField(
        _("images"),
        default=list,
        blank=True,
        help_text=_("Figures of the verdict, such as the learning curve (PNG, base64)."),
    )
    platform_failures = models.PositiveSmallIntegerField(_("platform failures"), default=0)
    counts = models.BooleanField(
        _("counts as an attempt"), default=True, help_text=_("False when the platform failed to grade it.")
    )
    grading_ms = models.PositiveIntegerField(_("grading time (ms)"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        indexes = [models.Index(fields=("user", "exercise", "-created_at"))]

    def __str__(self) -> str:
        return f"#{self.pk} {self.exercise.slug} · {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("exercises:submission", args=[self.pk])

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL

    # The verdict in the active language (the viewer's: LocaleMiddleware activates it per request).

    @property
    def feedback_message(self) -> str:
        return render(self.message_data) if self.message_data is not None else self.message

    @property
    def feedback_checks(self) -> list[dict]:
        return [_rendered(check, "name", "message") for check in self.checks or []]

    @property
    def feedback_images(self) -> list[dict]:
        return [_rendered(image, "name") for image in self.images or []]


def _rendered(entry: dict, *keys: str) -> dict:
    """The entry with its texts in the active language: from their trees when stored, else as they were
    stored; the trees themselves left out."""
    shown = {k: v for k, v in entry.items() if not k.endswith("_data")}
    for key in keys:
        data = entry.get(f"{key}_data")
        shown[key] = render(data if data is not None else entry.get(key, ""))
    return shown


def dataset_path(instance, filename: str) -> str:
    return f"datasets/{instance.exercise.slug}/{instance.sha256[:16]}.npz"


class HeldOutDataset(models.Model):
    """An instructor's data set for an accuracy-graded exercise: training data and held-out test data
    whose labels never leave the harness. Stored with its SHA-256, checked again before each use."""

    REQUIRED_ARRAYS = ("x_train", "y_train", "x_test", "y_test")

    exercise = models.ForeignKey(
        Exercise, on_delete=models.CASCADE, related_name="datasets", verbose_name=_("exercise")
    )
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(_("file (.npz)"), upload_to=dataset_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"), editable=False, default=0)
    shapes = models.JSONField(_("array shapes"), default=dict, editable=False)
    is_active = models.BooleanField(_("used for grading"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("held-out data set")
        verbose_name_plural = _("held-out data sets")

    def __str__(self) -> str:
        return f"{self.exercise.slug} · {self.name}"
