"""SLA warnings and breaches: who hears of them, written to the outbox."""

from __future__ import annotations

from django.conf import settings

from helpcenter.core.facts import clock_facts, ticket_facts
from helpcenter.notifications.outbox import queue_email, queue_email_to_user


def _staff_recipients(addresses: str, roles: tuple[str, ...]) -> list:
    """A configured address list, or else the active users with these roles."""
    from helpcenter.accounts.models import User

    if addresses.strip():
        return [a.strip() for a in addresses.split(",") if a.strip()]
    return list(User.objects.filter(role__in=roles, is_active=True))


def _send_to(template: str, recipients: list, *, key: str, context: dict) -> None:
    for recipient in recipients:
        if isinstance(recipient, str):
            queue_email(template, to=recipient, dedupe_key=f"{key}:{recipient}", context=context)
        else:
            queue_email_to_user(
                template, user=recipient, dedupe_key=f"{key}:{recipient.pk}", context=context
            )


def _facts(ticket, clock) -> dict:
    return {
        "ticket_id": ticket.pk,
        "clock_id": clock.pk,
        "facts": ticket_facts(ticket),
        "clock": clock_facts(clock),
    }


def sla_warning(ticket, clock) -> None:
    """75% of a target used: the assignee, or the triage queue while unassigned."""
    if ticket.assignee is not None and ticket.assignee.is_active:
        recipients: list = [ticket.assignee]
    else:
        recipients = _staff_recipients(settings.SUPPORT_TRIAGE_EMAIL, ("agent",))
    due = clock.due_at.isoformat() if clock.due_at else ""
    _send_to(
        "sla_warning",
        recipients,
        key=f"sla_warning:{clock.pk}:{due}",
        context=_facts(ticket, clock),
    )


def sla_breached(ticket, clock) -> None:
    """A target missed: the assignee and the support lead."""
    recipients: list = _staff_recipients(settings.SUPPORT_LEAD_EMAIL, ("admin",))
    if ticket.assignee is not None and ticket.assignee.is_active:
        recipients.insert(0, ticket.assignee)
    due = clock.due_at.isoformat() if clock.due_at else ""
    _send_to(
        "sla_breached",
        recipients,
        key=f"sla_breached:{clock.pk}:{due}",
        context=_facts(ticket, clock),
    )
