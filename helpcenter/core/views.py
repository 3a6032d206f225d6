import logging

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from helpcenter.core.http import AuthedRequest

log = logging.getLogger(__name__)


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    if request.user.is_support_staff:
        return redirect("console:queue_default")
    return redirect("portal:ticket_list")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        log.exception("healthz: database unreachable")
        return False


def _cache_ok() -> bool:
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:
        log.exception("healthz: cache unreachable")
        return False


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """JSON for load balancers: 200 when every dependency answers, else 503 naming the failed."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    failed = sorted(name for name, ok in checks.items() if not ok)
    body: dict[str, object] = {
        "status": "ok" if not failed else "unavailable",
        "checks": {name: "ok" if ok else "failed" for name, ok in checks.items()},
    }
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)
