"""The staff landing page: links to what the signed-in user's roles allow."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from access.guards import staff_login_required
from access.models import Perm


@staff_login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "can_read": user.has_perm(Perm.READ_STORIES),
        "can_export": user.has_perm(Perm.EXPORT),
        "can_edit": user.has_perm(Perm.EDIT_QUESTIONNAIRES),
        "can_dashboard": user.has_perm(Perm.VIEW_DASHBOARD),
    }
    return render(request, "staff/home.html", context)
