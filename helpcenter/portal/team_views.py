"""Moving a ticket to another team and tagging it, from the agent's panel on the ticket page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpcenter.core.http import AuthedRequest
from helpcenter.teams.selectors import active_team
from helpcenter.teams.tags import split_names
from helpcenter.tickets import actions

from .staff_forms import MoveTeamForm, TagsForm
from .staff_views import _staff_ticket, posted_version, submit_action


@login_required
@require_POST
def ticket_team(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = _staff_ticket(request, pk)
    return submit_action(
        request,
        ticket,
        MoveTeamForm(request.POST),
        lambda data: actions.change_team(
            ticket,
            team=active_team(data["team"]),
            reason=data["reason"],
            actor=request.user,
            expected_version=posted_version(request),
        ),
        _("Ticket moved to another team."),
    )


@login_required
@require_POST
def ticket_tags(request: AuthedRequest, pk: int) -> HttpResponse:
    """The field holds the ticket's whole list: what is new is added, what is gone removed."""
    ticket = _staff_ticket(request, pk)

    def apply(data):
        wanted = split_names(data["tags"])
        current = [t.name for t in ticket.tags.all()]
        return actions.tag_ticket(
            ticket,
            add=[n for n in wanted if n not in current],
            remove=[n for n in current if n not in wanted],
            actor=request.user,
            expected_version=posted_version(request),
        )

    return submit_action(request, ticket, TagsForm(request.POST), apply, _("Tags saved."))
