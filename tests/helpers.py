from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from helpcenter.tickets import actions
from helpcenter.tickets.models import Priority, TicketType


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
