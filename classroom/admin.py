"""Cohorts, their students and their deadlines in the admin. An instructor sees only the cohorts she
teaches (``classroom.access``); a cohort she creates is hers."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import access, services
from .models import Cohort, Enrollment, Policy, RegradeJob, new_join_code


class PolicyInline(admin.StackedInline):
    model = Policy
    extra = 0
    fields = (
        ("module", "exercise"),
        ("opens_at", "due_at", "cutoff_at"),
        ("penalty", "penalty_value"),
        ("max_attempts", "cooldown_seconds", "score_policy", "weight"),
    )


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    fields = ("user", "source", "joined_at")
    readonly_fields = ("source", "joined_at")
    raw_id_fields = ("user",)


class RosterForm(forms.Form):
    file = forms.FileField(
        label=_("Roster (CSV)"),
        help_text=_("A first line naming the columns username, name, email; then a student per line."),
    )


def roster_summary(report) -> list[str]:
    """One sentence per count of a roster import, each in the right plural."""
    counts = (
        (len(report.enrolled), ngettext("%(n)d student enrolled.", "%(n)d students enrolled.", len(report.enrolled))),
        (len(report.created), ngettext("%(n)d new account.", "%(n)d new accounts.", len(report.created))),
        (len(report.already), ngettext("%(n)d was already there.", "%(n)d were already there.", len(report.already))),
        (len(report.errors), ngettext("%(n)d line with a problem.", "%(n)d lines with problems.", len(report.errors))),
    )
    return [text % {"n": n} for n, text in counts]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("name", "course", "join_code", "students", "teachers", "pages")
    list_filter = ("course",)
    search_fields = ("name", "join_code")
    filter_horizontal = ("instructors",)
    readonly_fields = ("join_code", "roster", "pages", "created_at")
    fields = ("course", "name", "instructors", "join_code", "accepts_join_code", "roster", "pages", "created_at")
    inlines = [EnrollmentInline, PolicyInline]
    actions = ("new_join_codes",)

    def get_queryset(self, request):
        return access.cohorts_visible_to(request.user).prefetch_related("instructors")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not access.sees_everyone(request.user):
            form.instance.instructors.add(request.user)  # a cohort she creates is one she teaches

    @admin.display(description=_("students"))
    def students(self, cohort):
        return cohort.enrollments.count()

    @admin.display(description=_("instructors"))
    def teachers(self, cohort):
        return ", ".join(u.get_username() for u in cohort.instructors.all()) or "—"

    @admin.display(description=_("pages"))
    def pages(self, cohort):
        if not cohort.pk:
            return "—"
        query = f"?cohort={cohort.pk}"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("classroom:gradebook", args=[cohort.course.slug]) + query,
            _("Gradebook"),
            reverse("classroom:statistics", args=[cohort.course.slug]) + query,
            _("Statistics"),
            reverse("classroom:regrades", args=[cohort.course.slug]) + query,
            _("Regrades"),
        )

    @admin.display(description=_("roster"))
    def roster(self, cohort):
        if not cohort.pk:
            return _("Save the cohort first.")
        url = reverse("admin:classroom_cohort_roster", args=[cohort.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Import a roster (CSV)"))

    @admin.action(description=_("Give the selected cohorts new join codes"))
    def new_join_codes(self, request, queryset):
        count = 0
        for cohort in queryset:
            Cohort.objects.filter(pk=cohort.pk).update(join_code=new_join_code())
            count += 1
        self.message_user(request, ngettext("%d cohort has a new code.", "%d cohorts have new codes.", count) % count)

    def get_urls(self):
        return [
            path(
                "<int:pk>/roster/",
                self.admin_site.admin_view(self.roster_view),
                name="classroom_cohort_roster",
            ),
            *super().get_urls(),
        ]

    def roster_view(self, request, pk):
        cohort = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, cohort):
            raise PermissionDenied
        form = RosterForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > services.MAX_ROSTER_BYTES:  # refused before it is read
                    raise ValueError(services.too_large_message())
                report = services.import_roster(cohort, upload.read())
            except ValueError as error:
                form.add_error("file", str(error))
            else:
                self.message_user(
                    request,
                    " ".join(roster_summary(report)),
                    messages.WARNING if report.errors else messages.SUCCESS,
                )
                if not report.errors and not report.first_access:
                    return redirect("admin:classroom_cohort_change", cohort.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": cohort,
            "cohort": cohort,
            "form": form,
            "report": report,
            "reset_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            "title": _("Import a roster into %(cohort)s") % {"cohort": cohort},
        }
        return TemplateResponse(request, "admin/classroom/cohort/roster.html", context)


class VisibleCohortMixin:
    """Rows of cohorts the viewer teaches; the cohort menus offer only those."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(cohort__in=access.cohorts_visible_to(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cohort":
            kwargs["queryset"] = access.cohorts_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Policy)
class PolicyAdmin(VisibleCohortMixin, admin.ModelAdmin):
    list_display = ("cohort", "item_label", "opens_at", "due_at", "cutoff_at", "penalty", "max_attempts", "weight")
    list_filter = ("cohort__course", "cohort")
    list_select_related = ("cohort", "module", "exercise")


@admin.register(Enrollment)
class EnrollmentAdmin(VisibleCohortMixin, admin.ModelAdmin):
    list_display = ("user", "cohort", "source", "joined_at")
    list_filter = ("cohort__course", "cohort", "source")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")
    raw_id_fields = ("user",)
    list_select_related = ("user", "cohort")


@admin.register(RegradeJob)
class RegradeJobAdmin(admin.ModelAdmin):
    list_display = ("exercise", "cohort", "requested_by", "created_at", "queued_at")
    list_filter = ("exercise",)

    def get_queryset(self, request):
        jobs = super().get_queryset(request)
        if access.sees_everyone(request.user):
            return jobs
        return jobs.filter(cohort__in=access.cohorts_visible_to(request.user))

    def has_add_permission(self, request):
        return False  # started from the regrade page

    def has_change_permission(self, request, obj=None):
        return False
