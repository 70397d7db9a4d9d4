"""Course pages. Reading is public; answering a quiz needs a login (the answer view is POST only)."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from classroom.policies import CohortRules, cohort_of, quiz_rules
from exercises.models import Exercise

from . import engine, services
from .markdown import render_markdown
from .models import Course, Figure
from .progress import course_progress
from .questions import answer_from_post, question_context

FIGURE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,80}\.(svg|png)$")


def home(request):
    courses = Course.objects.all() if request.user.is_staff else Course.objects.filter(is_published=True)
    rows = []
    for course in courses:
        modules = course.modules.all() if request.user.is_staff else course.modules.filter(is_published=True)
        rows.append((course, list(modules)))
    return render(request, "courseware/home.html", {"courses": rows})


def course(request, course_slug):
    course = services.get_course_for_user(request.user, course_slug)
    modules = course.modules.all() if request.user.is_staff else course.modules.filter(is_published=True)
    statuses = course_progress(request.user, list(modules.select_related("quiz")))
    cohort = cohort_of(request.user, course)
    rules = CohortRules(cohort)
    for status in statuses:  # her cohort's due dates, shown beside each item
        status.quiz_due = rules.for_quiz(status.module).due_at
        status.exercise_rows = [(*row, rules.for_exercise(row[0]).due_at) for row in status.exercises]
    return render(
        request,
        "courseware/course.html",
        {
            "course": course,
            "cohort": cohort,
            "statuses": statuses,
            "description_html": render_markdown(course.description),
        },
    )


def lesson(request, course_slug, module_slug):
    module = services.get_module_for_user(request.user, course_slug, module_slug)
    services.mark_read(request.user, module)
    lesson = getattr(module, "lesson", None)
    base = reverse("courseware:lesson", args=[course_slug, module_slug])
    rules = quiz_rules(request.user, module)
    closed = rules.refusal(timezone.now()) if request.user.is_authenticated else ""
    can_answer = request.user.is_authenticated and not closed  # outside her cohort's dates: no form
    questions = [
        question_context(q, services.standing(request.user, q, rules=rules), can_answer=can_answer, user=request.user)
        for q in services.questions_of(module)
    ]
    exercises = Exercise.objects.filter(slug__in=module.exercise_slugs, is_published=True)
    exercises = sorted(exercises, key=lambda e: module.exercise_slugs.index(e.slug))
    modules = list(module.course.modules.filter(is_published=True))
    index = next(i for i, m in enumerate(modules) if m.pk == module.pk) if module in modules else 0
    return render(
        request,
        "courseware/lesson.html",
        {
            "course": module.course,
            "module": module,
            "questions": questions,
            "quiz_rules": rules,
            "quiz_closed": closed,
            "exercises": exercises,
            "lesson_html": render_markdown(lesson.body if lesson else "", image_base=base),
            "previous": modules[index - 1] if index > 0 else None,
            "next": modules[index + 1] if index + 1 < len(modules) else None,
        },
    )


@require_POST
@login_required
def answer(request, course_slug, module_slug, question_slug):
    module = services.get_module_for_user(request.user, course_slug, module_slug)
    question = services.get_question_for_user(request.user, module, question_slug)
    try:
        number = int(request.POST.get("attempt", ""))
    except ValueError:
        number = -1
    current = services.standing(request.user, question)
    try:
        # Options are read back with the tokens of the attempt the page was for: a page left open
        # while another tab answered gets the "changed" refusal, not an unknown option.
        attempt = number if number >= 0 else current.number
        given = answer_from_post(question, current.variant, request.POST, user=request.user, attempt=attempt)
    except engine.AnswerError as error:
        outcome = services.Outcome("invalid", str(error))
    else:
        outcome = services.answer(request.user, question, number, given)
    standing = services.standing(request.user, question)
    if not request.headers.get("HX-Request"):
        level = messages.SUCCESS if outcome.result and outcome.result.correct else messages.INFO
        messages.add_message(request, level, outcome.message)
        return redirect(f"{module.get_absolute_url()}#q-{question.slug}")
    context = question_context(question, standing, outcome, can_answer=True, user=request.user)
    return render(request, "courseware/_question.html", context)


def figure(request, course_slug, module_slug, filename):
    if not FIGURE_NAME.match(filename):
        raise Http404
    module = services.get_module_for_user(request.user, course_slug, module_slug)
    try:
        image = Figure.objects.get(module=module, filename=filename)
    except Figure.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(bytes(image.data), content_type=image.content_type)
    # Figures are trusted course files, but an SVG opened on its own must still not run scripts.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response
