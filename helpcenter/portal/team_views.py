"""Moving a ticket to another team, from the agent's panel on the ticket page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpcenter.core.http import AuthedRequest
from helpcenter.teams.selectors import active_team
from helpcenter.tickets import actions

from .staff_forms import TeamForm
from .staff_views import _staff_ticket, posted_version, submit_action


@login_required
@require_POST
def ticket_team(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = _staff_ticket(request, pk)
    return submit_action(
        request,
        ticket,
        TeamForm(request.POST),
        lambda data: actions.change_team(
            ticket,
            team=active_team(data["team"]),
            reason=data["reason"],
            actor=request.user,
            expected_version=posted_version(request),
        ),
        _("Ticket moved to another team."),
    )
