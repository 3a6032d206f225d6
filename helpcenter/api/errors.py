"""Every error is JSON: `detail`, and `errors` with messages per field for bad input."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from helpcenter.api.auth import RateLimited, SecondFactorRequired
from helpcenter.tickets.actions import StaleTicket
from helpcenter.tickets.statuses import ActionRefused


class FieldErrors(Exception):
    """Input the schema accepted but the rules did not (a foreign id, a field this
    caller may not set)."""

    def __init__(self, errors: dict[str, list[str]], status: int = 400):
        super().__init__(errors)
        self.errors, self.status = errors, status


def _field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "header", "path")]
    return ".".join(parts) or "__all__"


def _message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return _("Unknown field, or one you may not set.")
    if kind == "missing":
        return _("This field is required.")
    return str(error.get("msg", _("Invalid value.")))


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc):
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_field(error.get("loc", ())), []).append(_message(error))
        return api.create_response(
            request, {"detail": _("The request has invalid fields."), "errors": errors}, status=400
        )

    @api.exception_handler(FieldErrors)
    def field_errors(request, exc):
        return api.create_response(
            request,
            {"detail": _("The request has invalid fields."), "errors": exc.errors},
            status=exc.status,
        )

    @api.exception_handler(DjangoValidationError)
    def rules(request, exc):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return api.create_response(
            request, {"detail": " ".join(exc.messages), "errors": errors}, status=400
        )

    @api.exception_handler(StaleTicket)
    def stale(request, exc):
        return api.create_response(request, {"detail": str(exc)}, status=412)

    @api.exception_handler(ActionRefused)
    def refused(request, exc):
        return api.create_response(request, {"detail": str(exc)}, status=409)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, {"detail": _("You may not do this.")}, status=403)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = api.create_response(
            request, {"detail": _("A valid API token is required.")}, status=401
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(SecondFactorRequired)
    def second_factor(request, exc):
        detail = _("Turn on two-factor sign-in for your account before using the API.")
        return api.create_response(request, {"detail": detail}, status=403)

    @api.exception_handler(RateLimited)
    def limited(request, exc):
        response = api.create_response(
            request, {"detail": _("Too many requests. Try again shortly.")}, status=429
        )
        response["Retry-After"] = str(exc.retry_after)
        return response
