"""Student side of cohorts: joining one with its code."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services


@require_POST
@login_required
def join(request):
    back = request.POST.get("next", "")
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, {request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    try:
        cohort = services.join_with_code(request.user, request.POST.get("code", "")[:32])
    except services.JoinRefused as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(back)
    messages.success(request, _("You joined the cohort “%(cohort)s”.") % {"cohort": cohort.name})
    return redirect(cohort.course.get_absolute_url())
