"""The steps every ticket action shares: lock the row, check the actor, bump the
version, write a comment, record what changed."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from helpcenter.accounts.models import Organization, User
from helpcenter.tickets.attachments import store_attachment
from helpcenter.tickets.models import (
    Comment,
    Ticket,
)
from helpcenter.tickets.search import refresh_search_text
from helpcenter.tickets.statuses import (
    ActionRefused,
)


class StaleTicket(ActionRefused):
    """The change was based on an older view of the ticket."""


def lock(ticket: Ticket, expected_version: int | None = None) -> Ticket:
    """Re-read the ticket under a row lock so concurrent actions serialize.

    With `expected_version` (the version the person's page showed), a change
    based on a stale view is refused instead of silently overwriting another's.
    """
    locked = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("organization", "requester", "assignee")
        .get(pk=ticket.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise StaleTicket(
            _(
                "This ticket changed since you opened it. Review the latest state below and try again."
            )
        )
    return locked


def touch(ticket: Ticket, *fields: str) -> None:
    ticket.version += 1
    ticket.updated_at = timezone.now()
    ticket.save(update_fields=[*fields, "version", "updated_at"])


def write_comment(
    ticket: Ticket,
    *,
    author: User,
    body: str,
    attachments: Sequence[UploadedFile],
    internal: bool,
) -> Comment:
    """A comment with its files, and the ticket's search text brought up to date."""
    comment = Comment.objects.create(
        ticket=ticket, author=author, body=body.strip(), is_internal=internal
    )
    for upload in attachments:
        store_attachment(upload, ticket=ticket, comment=comment, uploaded_by=author)
    refresh_search_text(ticket)
    return comment


def check_participants(organization: Organization, people: Sequence[User]) -> None:
    for person in people:
        if person.organization_id != organization.pk or not person.is_active:
            raise PermissionDenied("participants must be active users of the organization")


def require_party(actor: User, ticket: Ticket) -> None:
    """Only someone who may see the ticket acts on it: staff, or a client it is visible to.

    Pages reach a ticket through a scoped selector already; this keeps the rule
    for every other channel (API, e-mail) that calls the action.
    """
    if actor.is_support_staff and actor.is_active:
        return
    if not Ticket.objects.visible_to(actor).filter(pk=ticket.pk).exists():
        raise PermissionDenied("not a party to this ticket")


def require_staff(actor: User) -> None:
    if not actor.is_support_staff:
        raise PermissionDenied("only support staff may do this")


FOREIGN_KEYS = frozenset({"service", "assignee", "sla_policy", "merged_into", "requester"})


def snapshot(ticket: Ticket, *fields: str) -> dict:
    """The values an audit event records as `before` or `after` (foreign keys as ids).

    Actions take one snapshot of the same fields before and after the change,
    so the two sides always name the same things.
    """
    return {
        name: getattr(ticket, f"{name}_id") if name in FOREIGN_KEYS else getattr(ticket, name)
        for name in fields
    }
