from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from helpcenter.tickets import actions
from helpcenter.tickets.models import Priority, TicketType


def days_ahead(days: int) -> dt.date:
    """A date in the contract's zone counted from today, so a planned window stays valid
    whatever day the suite runs."""
    return timezone.localdate() + dt.timedelta(days=days)


def upload(name: str = "log.txt", content: bytes = b"error at line 1\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/plain")


def open_ticket(world, *, requester=None, priority=Priority.P3, **extra):
    requester = requester or world.client_a
    service = extra.pop(
        "service", world.service_a if requester.organization == world.org_a else world.service_b
    )
    return actions.open_ticket(
        organization=requester.organization,
        requester=requester,
        actor=requester,
        type=extra.pop("type", TicketType.INCIDENT),
        priority=priority,
        service=service,
        title=extra.pop("title", "Checkout is down"),
        description=extra.pop("description", "Every payment fails with 502 since 09:12."),
        **extra,
    )


def signed_in_page(browser, live_server, user, *, width: int = 1280, height: int = 900):
    """A Chromium context signed in as `user` (the session cookie of a forced login)
    and a page in it: (context, page). Close the context when done."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context = browser.new_context(viewport={"width": width, "height": height})
    cookie = client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": cookie, "domain": host, "path": "/"}])
    return context, context.new_page()


def deliver_incident_updates() -> int:
    """What the worker does with a major incident's updates (incidents/jobs.py): each
    linked ticket's reply and resolution, until nothing is pending."""
    from helpcenter.incidents.jobs import deliver_due

    total = 0
    while done := deliver_due(now=timezone.now()):
        total += done
    return total


def triaged(world, ticket):
    """`ticket` triaged as it is (type, priority, service) and assigned to world.agent."""
    return actions.triage_ticket(
        ticket,
        ticket_type=ticket.type,
        priority=ticket.priority,
        service=ticket.service,
        assignee=world.agent,
        actor=world.agent,
    )
