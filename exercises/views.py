from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from classroom.policies import submission_standing
from courseware.markdown import render_markdown

from . import services
from .models import Exercise, Submission


@login_required
@require_GET
def index(request):
    exercises = Exercise.objects.filter(is_published=True)
    return render(request, "exercises/index.html", {"exercises": exercises})


@login_required
@require_GET
def detail(request, slug):
    exercise = services.get_exercise_for_user(request.user, slug)
    return render(request, "exercises/detail.html", _detail_context(request, exercise))


def _detail_context(request, exercise, *, code=None, error=""):
    submissions = Submission.objects.filter(user=request.user, exercise=exercise)[:20]
    if code is None:
        code = submissions[0].source if submissions else exercise.starter_code
    standing = submission_standing(request.user, exercise)
    return {
        "exercise": exercise,
        "standing": standing,
        "rules": standing.rules,
        "statement": render_markdown(exercise.statement),
        "submissions": submissions,
        "code": code,
        "error": error,
    }


@login_required
@require_POST
def submit(request, slug):
    exercise = services.get_exercise_for_user(request.user, slug)
    upload = request.FILES.get("file")
    try:
        if upload is not None:
            source, filename = services.source_from_upload(upload), upload.name
        else:
            source, filename = services.validate_text(request.POST.get("source", "")), ""
        submission = services.submit(request.user, exercise, source, filename=filename, language=get_language())
    except services.SubmissionRefused as exc:
        return _invalid(request, exercise, str(exc), status=403)
    except services.InvalidSubmission as exc:
        return _invalid(request, exercise, str(exc))
    if request.headers.get("HX-Request"):
        response = render(request, "exercises/_submission.html", {"submission": submission})
        response["HX-Trigger"] = "submitted"
        return response
    return redirect(exercise)


def _invalid(request, exercise, message, status=400):
    if request.headers.get("HX-Request"):
        response = render(request, "exercises/_form_error.html", {"error": message})
        response["HX-Retarget"] = "#form-error"
        response["HX-Reswap"] = "innerHTML"
        return response
    context = _detail_context(request, exercise, code=request.POST.get("source", ""), error=message)
    return render(request, "exercises/detail.html", context, status=status)


@login_required
@require_GET
def submission_detail(request, pk):
    submission = services.get_submission_for_user(request.user, pk)
    return render(request, "exercises/submission.html", {"submission": submission})


@login_required
@require_GET
def submission_status(request, pk):
    """The submission's partial; the page polls it until the verdict is in."""
    submission = services.get_submission_for_user(request.user, pk)
    response = render(request, "exercises/_submission.html", {"submission": submission})
    if submission.is_final:
        response["HX-Trigger"] = "graded"
    return response


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
