"""Moving a ticket to another team (routing chose one on arrival; an agent may disagree)."""

from __future__ import annotations

from django.db import transaction

from helpcenter.accounts.models import User
from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event
from helpcenter.teams.models import Team
from helpcenter.tickets.actions.steps import lock, require_staff, touch
from helpcenter.tickets.models import Ticket
from helpcenter.tickets.statuses import ActionRefused, Status, TransitionError


def change_team(
    ticket: Ticket,
    *,
    team: Team,
    actor: User,
    reason: str = "",
    expected_version: int | None = None,
) -> Ticket:
    """The ticket's team; its assignee stays (the new team's lead reassigns if needed).
    Internal: the client's history does not show it."""
    from django.utils.translation import gettext as _

    require_staff(actor)
    if not team.is_active:
        raise ActionRefused(_("That team is inactive."))
    with transaction.atomic():
        ticket = lock(ticket, expected_version)
        if ticket.status == Status.CLOSED:
            raise TransitionError(_("This ticket is closed."))
        if ticket.team_id == team.pk:
            return ticket
        before = {"team": ticket.team_id}
        ticket.team = team
        touch(ticket, "team")
        record_event(
            EventType.TICKET_TEAM_CHANGED,
            actor=actor,
            ticket=ticket,
            public=False,
            data={
                "before": before,
                "after": {"team": team.pk},
                "team_name": team.name,
                **({"reason": reason.strip()} if reason.strip() else {}),
            },
        )
    return ticket
