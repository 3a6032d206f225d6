"""What the outbox needs to render the ticket domain's e-mails (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from helpcenter.core.links import absolute_url
from helpcenter.slas.facts import CommentSnapshot, TicketSnapshot
from helpcenter.tickets.mail_threads import new_message_id, reply_address, thread_root
from helpcenter.tickets.selectors import comment_for_mail, source_message_id, ticket_for_mail


def ticket_context(data: dict[str, Any], context: dict[str, Any]) -> None:
    """The ticket as it was when the message was queued (rows queued before facts
    were captured fall back to the ticket as it is now)."""
    if "facts" in data:
        context["ticket"] = TicketSnapshot(data["ticket_id"], data["facts"])
        context["ticket_url"] = absolute_url("portal:ticket_detail", data["ticket_id"])
    elif "ticket_id" in data:
        ticket = ticket_for_mail(data["ticket_id"])
        context["ticket"] = ticket
        context["ticket_url"] = absolute_url("portal:ticket_detail", ticket.pk)
    if isinstance(data.get("comment"), dict):
        said = data["comment"]
        context["comment"] = CommentSnapshot(said.get("author", ""), said.get("body", ""))
    elif "comment_id" in data:
        context["comment"] = comment_for_mail(data["comment_id"])


# The e-mails a person may answer by replying: the answer becomes a public reply on
# the ticket (helpcenter/intake). Notices to the team (SLA warnings, pages) thread
# with the ticket but have no reply address: answering them must not reach the client.
ANSWERABLE = frozenset(
    {"ticket_created", "reply_added", "participant_added", "ticket_resolved", "status_changed"}
)


def ticket_headers(message) -> dict[str, str]:
    """Message-ID, In-Reply-To and References that group a ticket's e-mails in one
    thread (with the e-mail that opened it), and a signed Reply-To for its parties."""
    ticket_id = message.context.get("ticket_id") if message.kind == "email" else None
    if not isinstance(ticket_id, int):
        return {}
    root = thread_root(ticket_id)
    source = source_message_id(ticket_id)
    if message.template == "ticket_created":
        headers = {"Message-ID": root}
        if source:
            headers |= {"In-Reply-To": source, "References": source}
    else:
        headers = {
            "Message-ID": new_message_id(ticket_id),
            "In-Reply-To": root,
            "References": f"{source} {root}".strip(),
        }
    if message.template in ANSWERABLE and message.to:
        headers["Reply-To"] = reply_address(ticket_id, message.to, today=timezone.localdate())
    return headers
