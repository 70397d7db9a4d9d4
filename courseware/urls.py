from django.urls import path

from . import views

app_name = "courseware"

urlpatterns = [
    path("", views.home, name="home"),
    path("courses/<slug:course_slug>/", views.course, name="course"),
    path("courses/<slug:course_slug>/<slug:module_slug>/", views.lesson, name="lesson"),
    path(
        "courses/<slug:course_slug>/<slug:module_slug>/questions/<slug:question_slug>/answer/",
        views.answer,
        name="answer",
    ),
    path("courses/<slug:course_slug>/<slug:module_slug>/figures/<str:filename>", views.figure, name="figure"),
]
