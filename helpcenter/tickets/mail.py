"""What the outbox needs to render the ticket domain's e-mails (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from helpcenter.core.links import absolute_url
from helpcenter.tickets.models import Comment, Ticket


def ticket_context(data: dict[str, Any], context: dict[str, Any]) -> None:
    if "ticket_id" in data:
        ticket = Ticket.objects.select_related("service", "requester", "organization").get(
            pk=data["ticket_id"]
        )
        context["ticket"] = ticket
        context["ticket_url"] = absolute_url("portal:ticket_detail", ticket.pk)
    if "comment_id" in data:
        context["comment"] = Comment.objects.select_related("author").get(pk=data["comment_id"])
