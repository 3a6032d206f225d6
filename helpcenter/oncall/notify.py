"""On-call e-mails: the page to the person on call and the alert to the team."""

from __future__ import annotations

from helpcenter.notifications.outbox import queue_email_to_user
from helpcenter.slas.facts import ticket_facts


def page(page, *, token: str) -> None:
    """The on-call agent's page, with a one-time acknowledgement link."""
    queue_email_to_user(
        "page",
        user=page.user,
        dedupe_key=f"page_email:{page.pk}",
        context={
            "ticket_id": page.ticket_id,
            "page_id": page.pk,
            "token": token,
            "facts": ticket_facts(page.ticket),
        },
    )


def urgent_ticket_to_team(ticket, *, key: str, skip=None) -> None:
    """A P1/P2 during business hours (or with nobody on call): every active agent hears."""
    from helpcenter.accounts.models import User

    facts = ticket_facts(ticket)
    for agent in User.objects.filter(role="agent", is_active=True):
        if skip is not None and agent.pk == skip.pk:
            continue
        queue_email_to_user(
            "urgent_ticket",
            user=agent,
            dedupe_key=f"urgent_ticket:{key}:{agent.pk}",
            context={"ticket_id": ticket.pk, "facts": facts},
        )
