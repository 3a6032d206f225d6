from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from helpcenter.core.http import AuthedRequest


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    if request.user.is_support_staff:
        return redirect("console:queue_default")
    return redirect("portal:ticket_list")


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
