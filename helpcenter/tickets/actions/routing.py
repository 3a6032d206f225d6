"""Routing a new ticket: its team (the first matching rule, else the default team) and,
where the team assigns automatically, its assignee."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, F

from helpcenter.teams.models import Assignment, Team, TeamMember
from helpcenter.teams.routing import Decision, TeamView, decide
from helpcenter.teams.selectors import routing_snapshot
from helpcenter.tickets.models import Ticket
from helpcenter.tickets.statuses import ACTIVE_STATUSES


def route(ticket: Ticket) -> Decision | None:
    """Set the team of an unsaved ticket; no statement (the snapshot is cached)."""
    decision = decide(routing_snapshot(), ticket)
    ticket.team_id = decision.team.pk if decision else None
    return decision


def assign_in_team(ticket: Ticket, decision: Decision | None, *, now: datetime) -> None:
    """Pick the assignee the team's mode gives, inside the opening's transaction
    (round-robin moves the team's pointer there). Members away are skipped."""
    if decision is None or not decision.team.available:
        return
    team = decision.team
    if team.assignment == Assignment.FEWEST_OPEN:
        ticket.assignee_id = fewest_open(team)
    elif team.assignment == Assignment.ROUND_ROBIN:
        ticket.assignee_id = next_in_turn(team, now=now)


def fewest_open(team: TeamView) -> int:
    counts = dict(
        Ticket.objects.filter(assignee_id__in=team.available, status__in=ACTIVE_STATUSES)
        .values_list("assignee_id")
        .annotate(n=Count("id"))
    )
    # Ties go to the member who joined first.
    return min(team.available, key=lambda user: counts.get(user, 0))


def next_in_turn(team: TeamView, *, now: datetime) -> int:
    """The available member assigned longest ago (never assigned first). The team row is
    locked first, so two tickets opened at once take two different turns."""
    list(Team.objects.select_for_update().filter(pk=team.pk).values_list("pk"))
    member = (
        TeamMember.objects.filter(team_id=team.pk, user_id__in=team.available)
        .order_by(F("last_assigned_at").asc(nulls_first=True), "id")
        .first()
    )
    if member is None:  # left the team since the snapshot was read
        return team.available[0]
    TeamMember.objects.filter(pk=member.pk).update(last_assigned_at=now)
    return member.user_id
