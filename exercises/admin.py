from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Exercise, Submission


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
    readonly_fields = [f.name for f in Submission._meta.fields]
    fieldsets = (
        (None, {"fields": ("user", "exercise", "status", "score", "max_score", "counts", "message")}),
        (_("Code"), {"fields": ("filename", "source")}),
        (_("Verdict"), {"fields": ("checks", "stdout", "seed", "language", "grading_ms", "platform_failures")}),
        (_("Times"), {"fields": ("created_at", "started_at", "finished_at")}),
    )

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Grade again (same inputs)"))
    def regrade(self, request, queryset):
        for submission in queryset.select_related("exercise"):
            services.regrade(submission)
        count = queryset.count()
        self.message_user(request, ngettext("%d submission queued again.", "%d submissions queued again.", count) % count,
                          messages.SUCCESS)
