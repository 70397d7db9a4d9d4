"""Staff: regrade every submission of an exercise (or of a cohort) in the background, and watch it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from . import access, regrading
from .policies import course_items, course_of_exercise
from .staff import scope, staff_page

RECENT_JOBS = 20


class RegradeForm(forms.Form):
    exercise = forms.ChoiceField(label=gettext_lazy("Exercise"))
    cohort = forms.ChoiceField(label=gettext_lazy("Students"), required=False)

    def __init__(self, *args, exercises, cohorts, everyone: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.exercises = {e.slug: e for e in exercises}
        self.cohorts = {str(c.pk): c for c in cohorts}
        self.fields["exercise"].choices = [(e.slug, e.title) for e in exercises]
        everybody = _("All students") if everyone else _("All my students")
        self.fields["cohort"].choices = [("", everybody), *((str(c.pk), c.name) for c in cohorts)]

    def clean(self):
        data = super().clean()
        data["exercise"] = self.exercises.get(data.get("exercise"))
        data["cohort"] = self.cohorts.get(data.get("cohort") or "")
        return data


@staff_page
@require_http_methods(["GET", "POST"])
def regrades(request, course_slug):
    where = scope(request, course_slug)
    exercises = [item.exercise for item in course_items(where.course) if item.kind == "exercise"]
    form_kwargs = {"exercises": exercises, "cohorts": where.cohorts, "everyone": access.sees_everyone(request.user)}
    status = 200
    if request.method == "POST":
        if not request.user.has_perm("classroom.add_regradejob"):
            raise PermissionDenied
        form = RegradeForm(request.POST, **form_kwargs)
        if form.is_valid():
            job = regrading.start_regrade(request.user, form.cleaned_data["exercise"], form.cleaned_data["cohort"])
            count = len(job.submission_ids)
            messages.success(
                request,
                ngettext(
                    "%(count)d submission sent to be graded again.",
                    "%(count)d submissions sent to be graded again.",
                    count,
                )
                % {"count": count},
            )
            return redirect("classroom:regrade", pk=job.pk)
        status = 400
    else:
        form = RegradeForm(initial={"cohort": str(where.cohort.pk) if where.cohort else ""}, **form_kwargs)
    jobs = (
        regrading.jobs_visible_to(request.user)
        .filter(exercise__in=[e.pk for e in exercises])
        .filter(Q(cohort__isnull=True) | Q(cohort__course=where.course))
    )[:RECENT_JOBS]
    rows = [(job, *regrading.progress(job)) for job in jobs]
    context = {
        "course": where.course,
        "form": form,
        "rows": rows,
        "can_start": request.user.has_perm("classroom.add_regradejob"),
    }
    return render(request, "classroom/regrades.html", context, status=status)


@staff_page
@require_GET
def regrade_detail(request, pk):
    job = regrading.jobs_visible_to(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404(_("No such regrade."))
    done, total = regrading.progress(job)
    finished = done >= total
    results = regrading.outcomes(job, request.user) if finished else []
    context = {
        "job": job,
        "done": done,
        "total": total,
        "finished": finished,
        "results": results,
        "changed": sum(1 for r in results if r.changed),
        "course": job.cohort.course if job.cohort_id else _only_course(job.exercise),
    }
    template = "classroom/_regrade_progress.html" if request.headers.get("HX-Request") else "classroom/regrade.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _only_course(exercise):
    """The course listing the exercise, when there is exactly one (for the link back)."""
    courses = course_of_exercise(exercise)
    return courses[0] if len(courses) == 1 else None
