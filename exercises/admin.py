from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat, linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from classroom.access import visible_rows

from . import heldout, services
from .models import Exercise, HeldOutDataset, Submission


class HeldOutDatasetForm(forms.ModelForm):
    class Meta:
        model = HeldOutDataset
        fields = ("name", "file", "is_active")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and not self.instance.pk:
            if upload.size > heldout.MAX_DATASET_BYTES:
                raise ValidationError(_("The file is too large."))
            self.data_bytes = upload.read()
            heldout.read_arrays(self.data_bytes)
        return upload


@admin.register(HeldOutDataset)
class HeldOutDatasetAdmin(admin.ModelAdmin):
    form = HeldOutDatasetForm
    list_display = ("exercise", "name", "is_active", "size_bytes", "sha256", "uploaded_by", "created_at")
    list_filter = ("exercise", "is_active")
    readonly_fields = ("sha256", "size_bytes", "shapes", "uploaded_by", "created_at")

    def get_fields(self, request, obj=None):
        return (
            ("exercise", "name", "file", "is_active", *self.readonly_fields)
            if obj is None
            else ("exercise", "name", "is_active", *self.readonly_fields)
        )

    def get_form(self, request, obj=None, **kwargs):
        kwargs["fields"] = (
            ("exercise", "name", "file", "is_active") if obj is None else ("exercise", "name", "is_active")
        )
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        stored = heldout.store(obj.exercise, obj.name, form.data_bytes, request.user)
        obj.pk, obj.sha256, obj.file = stored.pk, stored.sha256, stored.file


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ("slug", "title", "module_number", "points", "time_limit_s", "memory_mb", "queue", "is_published")
    list_filter = ("module_number", "queue", "is_published")
    list_editable = ("points", "is_published")
    search_fields = ("slug", "title")
    readonly_fields = ("slug", "functions", "bundle_checksum", "updated_at")
    fieldsets = (
        (None, {"fields": ("slug", "title", "module_number", "is_published")}),
        (_("Statement"), {"fields": ("statement", "starter_code", "functions")}),
        (_("Grading"), {"fields": ("points", "time_limit_s", "memory_mb", "queue", "bundle_checksum", "updated_at")}),
    )


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "exercise", "status", "score", "max_score", "counts", "created_at", "grading_ms")
    list_filter = ("status", "exercise", "counts")
    search_fields = ("user__username", "exercise__slug")
    date_hierarchy = "created_at"
    list_select_related = ("user", "exercise")
    actions = ("regrade",)
    readonly_fields = [
        *(f.name for f in Submission._meta.fields),
        "verdict_message",
        "verdict_checks",
        "verdict_images",
    ]
    fieldsets = (
        (None, {"fields": ("user", "exercise", "status", "score", "max_score", "counts", "verdict_message")}),
        (_("Code"), {"fields": ("filename", "source")}),
        (
            _("Verdict"),
            {
                "fields": (
                    "verdict_checks",
                    "stdout",
                    "verdict_images",
                    "seed",
                    "language",
                    "grading_ms",
                    "platform_failures",
                )
            },
        ),
        (_("Times"), {"fields": ("created_at", "started_at", "finished_at")}),
    )

    # The verdict in the language of the instructor reading it, whatever the student's.

    @admin.display(description=_("message"))
    def verdict_message(self, submission):
        return linebreaksbr(submission.feedback_message) or "—"

    @admin.display(description=_("checks"))
    def verdict_checks(self, submission):
        rows = format_html_join(
            "",
            "<li>{} <strong>{}</strong>{} ({}/{}){}</li>",
            (
                (
                    "✔" if c.get("passed") else "✘",
                    c["name"],
                    format_html(" [{}]", _("hidden")) if c.get("hidden") else "",
                    floatformat(c.get("score"), -2),
                    floatformat(c.get("max_score"), -2),
                    format_html(": {}", linebreaksbr(c["message"])) if not c.get("passed") else "",
                )
                for c in submission.feedback_checks
            ),
        )
        return format_html('<ul style="margin:0">{}</ul>', rows) if rows else "—"

    @admin.display(description=_("figures"))
    def verdict_images(self, submission):
        return (
            format_html_join(
                "",
                '<img src="data:image/png;base64,{}" alt="{}" style="max-width:420px">',
                ((i.get("png_base64", ""), i.get("name", "")) for i in submission.feedback_images),
            )
            or "—"
        )

    def get_queryset(self, request):
        # An instructor sees the submissions of the students of her cohorts only.
        return visible_rows(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a submission is what the student sent and the grader said; only regraded

    def has_regrade_permission(self, request):
        return request.user.has_perm("exercises.change_submission")

    @admin.action(description=_("Grade again (same inputs)"), permissions=["regrade"])
    def regrade(self, request, queryset):
        queryset = visible_rows(request.user, queryset)
        for submission in queryset.select_related("exercise"):
            services.regrade(submission)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%d submission queued again.", "%d submissions queued again.", count) % count,
            messages.SUCCESS,
        )
