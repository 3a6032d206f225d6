"""Refuse what must never reach a view: bodies too large to read, bodies that cannot be read.

`too_large(environ)` is checked twice: by the WSGI wrapper in `config/wsgi.py`
(before Django builds a request, so a 150 MB upload is refused after reading
its headers, not its body) and by `RequestGuardMiddleware` (so the rule also
holds under the test client or any other entry point). The reverse proxy has
its own limit in front of both (docs/operations.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def max_request_bytes() -> int:
    return settings.REQUEST_MAX_MB * 1024 * 1024


def too_large(environ: dict) -> bool:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django treats an unreadable length as an empty body
    return length > max_request_bytes()


def too_large_page() -> HttpResponse:
    from helpcenter.core.errors import request_too_large

    return request_too_large()


class RequestGuardMiddleware:
    """Size cap before the body is read; a body that cannot be parsed is a 400, not a 500.

    Form bodies are parsed here, before the CSRF check and the view, so that a
    parse failure (a form declaring charset=utf-16, a multipart body with a
    broken boundary) has one answer: the branded 400 page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if too_large(request.META):
            return too_large_page()
        if request.method == "POST" and request.content_type in FORM_TYPES:
            try:
                request.POST  # noqa: B018 - parse now, to answer a broken body here
                request.FILES  # noqa: B018
            except (
                MultiPartParserError,
                BadRequest,
                UnreadablePostError,
                RequestDataTooBig,
                TooManyFieldsSent,
                UnicodeDecodeError,
                ValueError,
            ):
                from helpcenter.core.errors import bad_request

                return bad_request(request)
        return self.get_response(request)


def wsgi_size_cap(app: Callable) -> Callable:
    """WSGI wrapper: a 413 for an oversized declared body, without reading a byte of it."""

    def guarded(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if too_large(environ):
            response = too_large_page()
            start_response(
                f"{response.status_code} {response.reason_phrase}",
                [(k, v) for k, v in response.items()],
            )
            return [response.content]
        return app(environ, start_response)

    return guarded
