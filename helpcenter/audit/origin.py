"""Where a request came from, for the audit trail: the client address as seen
through the configured trusted proxies only (core/client_address.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from helpcenter.core.client_address import client_ip

__all__ = ["AuditOriginMiddleware", "client_ip", "current_ip", "request_from"]

_ip: ContextVar[str | None] = ContextVar("audit_ip", default=None)


def current_ip() -> str | None:
    return _ip.get()


@contextmanager
def request_from(ip: str | None) -> Iterator[None]:
    token = _ip.set(ip)
    try:
        yield
    finally:
        _ip.reset(token)


class AuditOriginMiddleware:
    """Events written while a request is handled record its client address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_from(client_ip(request.META)):
            return self.get_response(request)
