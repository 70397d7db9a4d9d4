from django.shortcuts import render

from exercises.models import Exercise


def home(request):
    # Placeholder until the course pages land: the list of exercises.
    return render(request, "courseware/home.html", {"exercises": Exercise.objects.filter(is_published=True)})
