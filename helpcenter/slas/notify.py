"""SLA warnings and breaches: who hears of them, written to the outbox in bulk.

Only the people who must act:
- a warning goes to the assignee; for an unassigned ticket to the triage address
  (SUPPORT_TRIAGE_EMAIL), else to the people on call now, else to the lead; a
  periodic update's warning to the assignee and the people on call now;
- a breach goes to the assignee and the lead (SUPPORT_LEAD_EMAIL, else the admins).
P1/P2 notices go out at once; the others are held for the recipient's next digest
(one e-mail per few minutes listing everything that fell due). A person can turn
either notice off in Preferences.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from helpcenter.core import duty
from helpcenter.core.choices import URGENT_PRIORITIES, ClockKind, Notice
from helpcenter.core.links import absolute_url
from helpcenter.notifications.outbox import Mail, hold_for_digest, mail_to, queue_many
from helpcenter.slas.facts import clock_facts, ticket_facts

DIGEST = "sla_digest"


def _addresses(setting: str) -> list[str]:
    return [a.strip() for a in setting.split(",") if a.strip()]


def lead() -> list:
    from helpcenter.accounts.models import User

    return _addresses(settings.SUPPORT_LEAD_EMAIL) or list(
        User.objects.filter(role="admin", is_active=True)
    )


def triage(now: datetime) -> list:
    return _addresses(settings.SUPPORT_TRIAGE_EMAIL) or duty.on_duty(now) or lead()


def _context(ticket, clock) -> dict:
    return {
        "ticket_id": ticket.pk,
        "clock_id": clock.pk,
        "facts": ticket_facts(ticket, lean=True),
        "clock": clock_facts(clock),
        "url": absolute_url("portal:ticket_detail", ticket.pk),
    }


def notify(kind: str, clocks: list, *, now: datetime) -> int:
    """Queue the warnings (`kind` = sla_warning) or breaches (sla_breached) of a batch.

    Returns how many e-mails or digest items were written.
    """
    fallback: list | None = None  # the triage or lead list, looked up once per batch
    on_call: list | None = None  # the people on call now, looked up once per batch
    immediate: list[Mail] = []
    held: list[Mail] = []
    for clock in clocks:
        ticket = clock.ticket
        assignee = ticket.assignee if ticket.assignee and ticket.assignee.is_active else None
        if kind == Notice.SLA_WARNING and clock.kind == ClockKind.UPDATE:
            # The periodic update is the on-call agent's to give, with the assignee.
            if on_call is None:
                on_call = duty.on_duty(now)
            others = [p for p in on_call if assignee is None or p.pk != assignee.pk]
            recipients: list = ([assignee] if assignee else []) + others
            if not recipients:
                recipients = triage(now)
        elif kind == Notice.SLA_WARNING and assignee is not None:
            recipients = [assignee]
        else:
            if fallback is None:
                fallback = triage(now) if kind == Notice.SLA_WARNING else lead()
            recipients = ([assignee] if assignee else []) + fallback
        context = _context(ticket, clock)
        due = clock.due_at.isoformat() if clock.due_at else ""
        urgent = ticket.priority in URGENT_PRIORITIES
        for recipient in recipients:
            ref = recipient if isinstance(recipient, str) else recipient.pk
            mail = mail_to(
                kind, recipient, dedupe_key=f"{kind}:{clock.pk}:{due}:{ref}", context=context
            )
            if mail is not None:
                (immediate if urgent else held).append(mail)
    queue_many(immediate)
    hold_for_digest(DIGEST, held, now=now)
    return len(immediate) + len(held)
