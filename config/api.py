from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from accounts.models import ApiToken
from exercises.api import router as exercises_router


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("user").filter(key=token, user__is_active=True).first()
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        return found.user


api = NinjaAPI(
    title="Deep Learning grader API",
    version="1.0",
    description="Submit code for grading and read verdicts. Authenticate with the site session or "
    "with `Authorization: Bearer <token>` (tokens are created in the admin).",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)
api.add_router("/", exercises_router)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)
