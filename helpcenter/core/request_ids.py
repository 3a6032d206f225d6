"""One id per request, on every log line it writes and on every outbox row it queues.

The id comes from the proxy's `X-Request-ID` when it looks like one (letters,
digits, dashes, at most 64), else a new uuid; the response carries it back. The
worker logs a message's delivery with the id of the request that queued it, so
one grep follows a reply from the click to the mail server.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_current: ContextVar[str] = ContextVar("request_id", default="")
SANE = re.compile(r"^[A-Za-z0-9\-]{8,64}$")


def current() -> str:
    return _current.get()


@contextmanager
def acting_for(request_id: str) -> Iterator[None]:
    """Log lines inside carry `request_id` (the worker sending a request's mail)."""
    token = _current.set(request_id or "")
    try:
        yield
    finally:
        _current.reset(token)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if SANE.match(given) else uuid.uuid4().hex
        # Kept until the request is finished (request_finished resets it), so that
        # Django's own "Bad Request"/"Not Found" lines, written after the
        # middleware returned, carry it too.
        _current.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def forget(**kwargs) -> None:
    """request_finished: the thread's next log lines are not this request's."""
    _current.set("")


class RequestIdFilter(logging.Filter):
    """Puts the current request id (or "-") on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = _current.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, and the
    exception when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
