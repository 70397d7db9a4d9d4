from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from exercises.views import healthz

from .api import api

admin.site.site_header = "Deep Learning · admin"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("api/", api.urls),
    path("exercises/", include("exercises.urls")),
    path("", include("classroom.urls")),
    path("", include("courseware.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
