"""What the outbox needs to render the ticket domain's e-mails (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from helpcenter.core.facts import CommentSnapshot, TicketSnapshot
from helpcenter.core.links import absolute_url
from helpcenter.tickets.models import Comment, Ticket


def ticket_context(data: dict[str, Any], context: dict[str, Any]) -> None:
    """The ticket as it was when the message was queued (rows queued before facts
    were captured fall back to the ticket as it is now)."""
    if "facts" in data:
        context["ticket"] = TicketSnapshot(data["ticket_id"], data["facts"])
        context["ticket_url"] = absolute_url("portal:ticket_detail", data["ticket_id"])
    elif "ticket_id" in data:
        ticket = Ticket.objects.select_related("service", "requester", "organization").get(
            pk=data["ticket_id"]
        )
        context["ticket"] = ticket
        context["ticket_url"] = absolute_url("portal:ticket_detail", ticket.pk)
    if isinstance(data.get("comment"), dict):
        said = data["comment"]
        context["comment"] = CommentSnapshot(said.get("author", ""), said.get("body", ""))
    elif "comment_id" in data:
        context["comment"] = Comment.objects.select_related("author").get(pk=data["comment_id"])
