"""Error pages that never touch the request body, the session or the database.

Django's default 400/403/404/500 views are wrapped in `requires_csrf_token`,
which re-runs the CSRF check and so re-reads `request.POST`: a body that made
the first read fail (a form declaring charset=utf-16, a broken multipart)
fails again inside the error view, and the person gets an empty 500. These
views render one self-contained template with no request context: no user, no
CSRF token, no query. The language is whatever the middleware activated.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _answer(
    request: HttpRequest, status: int, title: str, message: str, api: str = ""
) -> HttpResponse:
    """The page, or for a request under /api/ the API's JSON error (`detail`)."""
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": api or message, "errors": {}}, status=status
        )
        response["Cache-Control"] = "no-store"
        return response
    return _page(status, title, message)


def _page(status: int, title: str, message: str) -> HttpResponse:
    html = render_to_string(
        "errors/error.html",
        {
            "title": title,
            "message": message,
            "language": translation.get_language() or settings.LANGUAGE_CODE,
            "company_name": settings.COMPANY_NAME,
            "hotline_phone": settings.SUPPORT_HOTLINE_PHONE,
            "hotline_email": settings.SUPPORT_HOTLINE_EMAIL,
        },
    )
    response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(
        request,
        400,
        _("The request could not be understood"),
        _("Something in what was sent could not be read. Go back, and try again."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(
        request, 403, _("Not allowed"), _("You do not have access to this page or this action.")
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _answer(
        request,
        403,
        _("The form expired"),
        _("For your security the form could not be accepted. Reload the page and send it again."),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(
        request,
        404,
        _("Page not found"),
        _("This page does not exist, or you do not have access to it."),
        api=_("Not found."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 when the database is away (Django calls this inside the `except`
    of whatever layer failed, middleware included, so the exception is at hand)."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable()
    return _answer(
        request,
        500,
        _("Something went wrong on our side"),
        _(
            "The error was recorded. Try again in a few minutes; for an urgent problem, "
            "call the hotline below."
        ),
    )


def database_unavailable() -> HttpResponse:
    response = _page(
        503,
        _("The Help Center is briefly unavailable"),
        _(
            "Our database is not answering; it usually comes back within minutes. Nothing "
            "you sent in this request was saved: try again shortly. If a service is down, "
            "call the hotline below."
        ),
    )
    response["Retry-After"] = "30"
    return response


def request_too_large() -> HttpResponse:
    return _page(
        413,
        _("What was sent is too large"),
        ngettext(
            "A message may carry at most %(count)s file of %(size)s MB.",
            "A message may carry at most %(count)s files of %(size)s MB each.",
            settings.ATTACHMENT_MAX_FILES,
        )
        % {"count": settings.ATTACHMENT_MAX_FILES, "size": settings.ATTACHMENT_MAX_MB},
    )
