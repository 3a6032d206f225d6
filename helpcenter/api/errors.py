"""Every error is JSON: `detail`, and `errors` with messages per field for bad input."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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


_WHERE = {"body", "payload", "query", "filters", "header", "path", "file", "form", "cookie"}


def _field(loc) -> str:
    """("body", "payload", "title") → "title"; a field may itself be named "body"."""
    parts = [str(p) for p in loc]
    while len(parts) > 1 and parts[0] in _WHERE:
        parts.pop(0)
    return ".".join(p for p in parts if p not in _WHERE or p == parts[-1]) or "__all__"


# pydantic's error types, in the caller's language; `ctx` fills the placeholders.
_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "extra_forbidden": gettext_lazy("Unknown field, or one you may not set."),
    "nul_character": gettext_lazy("The text contains a NUL character."),
    "string_too_short": gettext_lazy("Write at least %(min_length)s character(s)."),
    "string_too_long": gettext_lazy("Write at most %(max_length)s characters."),
    "too_short": gettext_lazy("Give at least %(min_length)s item(s)."),
    "too_long": gettext_lazy("Give at most %(max_length)s items."),
    "literal_error": gettext_lazy("Choose one of: %(expected)s."),
    "enum": gettext_lazy("Choose one of: %(expected)s."),
    "greater_than_equal": gettext_lazy("Give a number of at least %(ge)s."),
    "greater_than": gettext_lazy("Give a number greater than %(gt)s."),
    "less_than_equal": gettext_lazy("Give a number of at most %(le)s."),
    "less_than": gettext_lazy("Give a number less than %(lt)s."),
    "int_parsing": gettext_lazy("Give a whole number."),
    "int_type": gettext_lazy("Give a whole number."),
    "int_from_float": gettext_lazy("Give a whole number."),
    "bool_parsing": gettext_lazy("Give true or false."),
    "bool_type": gettext_lazy("Give true or false."),
    "string_type": gettext_lazy("Give a text."),
    "list_type": gettext_lazy("Give a list."),
    "date_parsing": gettext_lazy("Give a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Give a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": gettext_lazy("Give a date as YYYY-MM-DD."),
    "date_type": gettext_lazy("Give a date as YYYY-MM-DD."),
    "datetime_parsing": gettext_lazy("Give a date and time in ISO 8601."),
    "datetime_type": gettext_lazy("Give a date and time in ISO 8601."),
    "dict_type": gettext_lazy("Give an object."),
    "model_type": gettext_lazy("Give an object."),
    "model_attributes_type": gettext_lazy("Give an object."),
    "json_invalid": gettext_lazy("The body is not valid JSON."),
    "json_type": gettext_lazy("The body is not valid JSON."),
}


def _message(error: dict) -> str:
    template = _MESSAGES.get(error.get("type", ""))
    if template is None:
        return _("Invalid value.")
    context = dict(error.get("ctx") or {})
    if "expected" in context:  # "'P1', 'P2' or 'P3'": the list without English
        context["expected"] = str(context["expected"]).replace(" or ", ", ")
    try:
        return str(template) % context if context else str(template)
    except (KeyError, TypeError, ValueError):
        return str(template)


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

    @api.exception_handler(Http404)
    def not_found(request, exc):
        # The same answer for what does not exist and what is not the caller's to see.
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

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
