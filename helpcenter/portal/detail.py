"""The ticket page: what the client and the agent see, and the agent's workspace (one
composer for replies and internal notes, the ticket's fields beside the conversation,
the less frequent actions in a menu)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.shortcuts import render
from django.utils.translation import gettext as _

from helpcenter.console.canned import render_canned
from helpcenter.console.selectors import canned_responses
from helpcenter.incidents.selectors import known_incident
from helpcenter.oncall.selectors import pages_about
from helpcenter.portal.fragments import conversation_and_history
from helpcenter.satisfaction.forms import SurveyForm
from helpcenter.satisfaction.selectors import on_ticket
from helpcenter.slas.compute import status_timeline
from helpcenter.slas.display import sla_targets
from helpcenter.slas.promise import policy_label
from helpcenter.teams.selectors import managed_tag_names, team_name
from helpcenter.tickets.selectors import (
    events_and_statuses,
    linked_tickets,
    opening_files,
    visible_comments,
    visible_tickets,
)

from .forms import ParticipantsForm, ReopenForm, ReplyForm
from .staff_forms import (
    AssignForm,
    CannedPickForm,
    ComposerForm,
    MoveTeamForm,
    PriorityForm,
    TagsForm,
    TriageForm,
    WindowForm,
)


def canned_text(data, *, ticket, agent) -> str | None:
    """The canned response `data` names (its `canned` id), filled in for this ticket."""
    pick = CannedPickForm(data)
    chosen = pick.cleaned_data["canned"] if pick.is_valid() else None
    return render_canned(chosen, ticket=ticket, agent=agent) if chosen is not None else None


def staff_context(request, ticket, *, composer=None) -> dict:
    """The agent's workspace: escalation chain, composer with canned responses, field forms."""
    user = request.user
    canned = list(canned_responses(ticket.requester.language))
    context = {
        # The escalation chain: who was paged when, who answered.
        "pages": pages_about(visible_tickets(user).filter(pk=ticket.pk)).order_by("created_at"),
        "canned_responses": [(c, render_canned(c, ticket=ticket, agent=user)) for c in canned],
        "composer": composer or ComposerForm(),
        "assign_form": AssignForm(initial={"assignee": ticket.assignee_id}),
        "triage_form": TriageForm(ticket=ticket, actor=user),
        "priority_form": PriorityForm(initial={"priority": ticket.priority}),
        "team_form": MoveTeamForm(initial={"team": ticket.team_id}),
        "team_name": team_name(ticket.team_id),
        "tags_form": TagsForm(initial={"tags": ", ".join(t.name for t in ticket.tags.all())}),
        "tag_names": managed_tag_names(),
        "window_form": WindowForm(
            initial={
                "start": ticket.agreed_start or ticket.planned_start,
                "end": ticket.agreed_end or ticket.planned_end,
            }
        ),
    }
    if composer is None:
        # A link with ?canned=N (no JavaScript) starts the composer with that text.
        text = canned_text(request.GET, ticket=ticket, agent=user)
        if text is not None:
            context["composer"] = ComposerForm(initial={"body": text})
    return context


@dataclass(frozen=True)
class TargetMet:
    """A history line for an SLA target met in time (a clock state, not an event:
    misses are events, written by the worker when the deadline passes)."""

    created_at: datetime
    label: str
    type: str = "sla.met"
    actor: None = None
    data: dict = field(default_factory=dict)


def history(events, targets, *, staff: bool = False) -> list:
    """The ticket's events and its targets met in time, in time order; for the support
    team, the routing decision its opening event records as a line of its own."""
    met = [
        TargetMet(t.met_at, _("%(target)s: target met") % {"target": t.label})
        for t in targets
        if t.met_at is not None and t.state == "met"
    ]
    routed = [routing_line(e) for e in events if staff and e.data.get("routed")]
    return sorted([*events, *routed, *met], key=lambda line: line.created_at)


def routing_line(event) -> TargetMet:
    """ "Routed to Infraestrutura by rule 3 (Database outages)", or to the default team."""
    routed = event.data["routed"]
    if routed.get("rule"):
        label = _("Routed to %(team)s by rule %(position)s (%(rule)s)") % {
            "team": routed["team_name"],
            "position": routed["rule_position"],
            "rule": routed["rule_name"],
        }
    else:
        label = _("Routed to %(team)s, the default team (no rule matched)") % {
            "team": routed["team_name"]
        }
    return TargetMet(event.created_at, label, type="ticket.routed")


def _ledger(request) -> str:
    """The SLA ledger is computed on request only (?ledger=summary or full)."""
    wanted = request.GET.get("ledger", "")
    return wanted if wanted in ("summary", "full") else ""


def _has(ticket, part: str) -> bool:
    """What `ticket_for_page` found; a ticket read otherwise may have anything."""
    return getattr(ticket, f"has_{part}", True)


def render_detail(
    request,
    ticket,
    *,
    reply_form=None,
    participants_form=None,
    reopen_form=None,
    composer=None,
    status: int | None = None,
):
    user = request.user
    ledger = _ledger(request)
    events, changes = events_and_statuses(user, ticket)
    targets = sla_targets(ticket, ledger=ledger, timeline=status_timeline(ticket, changes))
    survey_answers, open_survey = on_ticket(ticket, user, statuses=changes)
    lines = history(events, targets, staff=user.is_support_staff)
    # A ticket read by `ticket_for_page` says which parts it has; read only those.
    participants = list(ticket.participants.all()) if _has(ticket, "participants") else []
    context = {
        "ticket": ticket,
        "comments": visible_comments(user, ticket) if _has(ticket, "comments") else [],
        "events": lines,
        "ticket_files": opening_files(ticket) if _has(ticket, "opening_files") else [],
        "participants": participants,
        "reply_form": reply_form or ReplyForm(),
        "participants_form": participants_form
        or ParticipantsForm(ticket=ticket, participants=participants),
        "reopen_form": reopen_form or ReopenForm(),
        "is_party": user.is_client,
        "sla_targets": targets,
        "ledger": ledger,
        "sla_policy_label": policy_label(ticket.sla_policy),
        "linked": linked_tickets(user, ticket) if _has(ticket, "links") else [],
        "known_incident": known_incident(ticket) if _has(ticket, "incident") else None,
        "survey_answers": survey_answers,
        "open_survey": open_survey,
        "survey_form": SurveyForm(
            initial={"rating": open_survey.rating, "comment": open_survey.comment}
            if open_survey is not None and open_survey.answered_at
            else None
        ),
    }
    context["conversation"], context["history"] = conversation_and_history(request, context)
    if user.is_support_staff:
        context.update(staff_context(request, ticket, composer=composer))
    if status is None:
        failed = (reply_form, participants_form, reopen_form, composer)
        status = 400 if any(f is not None for f in failed) else 200
    return render(request, "portal/ticket_detail.html", context, status=status)
