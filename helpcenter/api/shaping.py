"""The desk's own fields in `PATCH /tickets/{id}` (support team only): the team and
the tags (docs/teams.md). Each through its ticket action; refusals per field."""

from __future__ import annotations

from django.utils.translation import gettext as _

from helpcenter.api.errors import FieldErrors
from helpcenter.teams.selectors import active_teams
from helpcenter.tickets import actions
from helpcenter.tickets.statuses import ActionRefused


def apply_desk_fields(ticket, payload, *, user, version: int | None):
    """Returns the ticket and the version the next change must expect (None once one
    change was made: later ones build on it)."""
    if payload.team is not None:
        team = active_teams().filter(pk=payload.team).first()
        if team is None:
            raise FieldErrors({"team": [_("Choose an active team.")]})
        if team.pk != ticket.team_id:
            ticket = actions.change_team(ticket, team=team, actor=user, expected_version=version)
            version = None
    if payload.add_tags or payload.remove_tags:
        try:
            ticket = actions.tag_ticket(
                ticket,
                add=payload.add_tags,
                remove=payload.remove_tags,
                actor=user,
                expected_version=version,
            )
        except ActionRefused as exc:
            raise FieldErrors({"add_tags": [str(exc)]}) from None
        version = None
    return ticket, version
