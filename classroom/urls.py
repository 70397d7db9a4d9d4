from django.urls import path

from . import views, views_gradebook, views_regrade, views_stats

app_name = "classroom"

urlpatterns = [
    path("classroom/join/", views.join, name="join"),
    path("staff/", views_gradebook.staff_home, name="staff_home"),
    path("staff/<slug:course_slug>/gradebook/", views_gradebook.gradebook, name="gradebook"),
    path("staff/<slug:course_slug>/students/<int:user_id>/", views_gradebook.student, name="student"),
    path("staff/<slug:course_slug>/statistics/", views_stats.statistics, name="statistics"),
    path("staff/<slug:course_slug>/regrades/", views_regrade.regrades, name="regrades"),
    path("staff/regrades/<int:pk>/", views_regrade.regrade_detail, name="regrade"),
]
