"""Intake's reads: who sent a message, which ticket it answers, whom it copies."""

from __future__ import annotations

from helpcenter.accounts.models import User
from helpcenter.accounts.selectors import account_by_address
from helpcenter.catalog.models import Service
from helpcenter.intake.models import InboundMessage
from helpcenter.tickets.mail_threads import ticket_of_message_id
from helpcenter.tickets.models import Ticket

MERGE_DEPTH = 10


def person_by_address(address: str) -> User | None:
    """The account of an e-mail address, active or not (None when there is none)."""
    return account_by_address(address)


def clients_copied(organization_id: int, addresses: list[str], *, besides: User) -> list[User]:
    """Active client users of the organization among the addresses (CCs of a message)."""
    if not addresses:
        return []
    people = User.objects.filter(organization_id=organization_id, is_active=True)
    wanted = {a.lower() for a in addresses} - {besides.email.lower()}
    return [p for p in people if p.email.lower() in wanted and p.is_client]


def ticket_by_id(ticket_id: int) -> Ticket | None:
    """The ticket, or the one it was merged into (answers follow the merge)."""
    ticket = Ticket.objects.select_related("organization", "requester").filter(pk=ticket_id).first()
    for _hop in range(MERGE_DEPTH):
        if ticket is None or ticket.merged_into_id is None:
            break
        ticket = (
            Ticket.objects.select_related("organization", "requester")
            .filter(pk=ticket.merged_into_id)
            .first()
        )
    return ticket


# The nearest references a thread is followed by: a References header is the
# thread's whole history, and a hostile one may name 20,000 ids.
MAX_REFERENCES = 50


def ticket_of_thread(message_ids: list[str], *, sender: str) -> Ticket | None:
    """The ticket a thread belongs to: one of our signed Message-IDs, or a message this
    sender sent us that opened or answered a ticket (the nearest reference first).

    Another sender's message does not count: knowing someone's Message-ID (it was
    copied to you, say) does not make you the person who wrote it.
    """
    nearest = message_ids[-MAX_REFERENCES:]
    received = dict(
        InboundMessage.objects.filter(
            message_id__in=nearest, sender=sender.strip().lower(), ticket__isnull=False
        ).values_list("message_id", "ticket_id")
    )
    for message_id in reversed(nearest):
        ticket_id = ticket_of_message_id(message_id) or received.get(message_id)
        if ticket_id is not None:
            return ticket_by_id(ticket_id)
    return None


def is_party(person: User, ticket: Ticket) -> bool:
    """The requester or a CC of the ticket; any active member of the support team."""
    if not person.is_active:
        return False
    if person.is_support_staff:
        return True
    if person.organization_id != ticket.organization_id:
        return False
    return ticket.requester_id == person.pk or ticket.participants.filter(pk=person.pk).exists()


def intake_service(organization) -> Service | None:
    """The service tickets opened by e-mail go to (the organization's choice, else its
    first service in production by name)."""
    chosen = organization.email_service
    if chosen is not None and chosen.is_active and chosen.organization_id == organization.pk:
        return chosen
    return (
        Service.objects.filter(organization=organization, is_active=True).order_by("name").first()
    )


def already_received(message_id: str, sender: str) -> bool:
    """This sender's message was taken already (another sender's message reusing the
    same Message-ID is a message of its own)."""
    return InboundMessage.objects.filter(message_id=message_id, sender=sender).exists()
