"""The ticket page's conversation and history, rendered once per change of the ticket.

With a real history they were most of the page's rendering (issue 35: a client's
page 35 -> 20 ms of CPU on a worked ticket). Both depend only on the ticket's events
and comments, who reads them (clients see no internal notes), the language and the
time zone, so they are kept together in one cache entry (one read per page view)
under a key made of those. Every comment is written with an event, and the events
are read on every request anyway (the SLA needs them), so a new reply, note, status
or SLA line changes the key: nothing is invalidated by hand. What the key does not
see (a person's display name changed since) shows within `TIMEOUT`.
"""

from __future__ import annotations

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

TIMEOUT = 600  # seconds


def fragment_key(user, ticket, lines) -> str:
    last = max((getattr(line, "pk", 0) or 0 for line in lines), default=0)
    reader = "staff" if user.is_support_staff else "client"
    zone = timezone.get_current_timezone_name()
    return (
        f"ticket-page:{ticket.pk}:{ticket.version}:{len(lines)}:{last}:{reader}:"
        f"{get_language()}:{zone}"
    )


def conversation_and_history(request, context: dict) -> tuple[SafeString, SafeString]:
    """The two fragments for `context` (the page's), from the cache or rendered now."""
    key = fragment_key(request.user, context["ticket"], context["events"])
    found = cache.get(key)
    if found is None:
        found = (
            render_to_string("portal/_conversation.html", context, request),
            render_to_string("portal/_history.html", context, request),
        )
        cache.set(key, found, TIMEOUT)
    # Rendered by our templates with autoescaping on: safe to insert as they are.
    return mark_safe(found[0]), mark_safe(found[1])  # noqa: S308
