"""Agent actions from the ticket page: triage, priority, waiting on client, agreed window.

Thin: parse, scope, call one action, report. Clients get 404 here.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpcenter.core.http import AuthedRequest
from helpcenter.tickets import actions
from helpcenter.tickets.queries import access_ticket
from helpcenter.tickets.statuses import ActionRefused, Status

from .staff_forms import PriorityForm, TriageForm, WindowForm


def _staff_ticket(request: AuthedRequest, pk: int):
    ticket = access_ticket(request.user, pk)
    if not request.user.is_support_staff:
        raise Http404
    return ticket


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


def _run(request, ticket, call, success: str) -> HttpResponse:
    try:
        call()
    except (ActionRefused, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("portal:ticket_detail", pk=ticket.pk)


@login_required
@require_POST
def ticket_triage(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = _staff_ticket(request, pk)
    form = TriageForm(request.POST, ticket=ticket, actor=request.user)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("portal:ticket_detail", pk=ticket.pk)
    data = form.cleaned_data
    return _run(
        request,
        ticket,
        lambda: actions.triage_ticket(
            ticket,
            ticket_type=data["ticket_type"],
            priority=data["priority"],
            service=data["service"],
            assignee=data["assignee"],
            reason=data["reason"],
            actor=request.user,
        ),
        _("Triage recorded."),
    )


@login_required
@require_POST
def ticket_priority(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = _staff_ticket(request, pk)
    form = PriorityForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("portal:ticket_detail", pk=ticket.pk)
    return _run(
        request,
        ticket,
        lambda: actions.change_priority(
            ticket,
            priority=form.cleaned_data["priority"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        ),
        _("Priority changed; SLA targets recomputed."),
    )


@login_required
@require_POST
def ticket_status(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = _staff_ticket(request, pk)
    status = request.POST.get("status", "")
    if status not in (Status.IN_PROGRESS, Status.WAITING_ON_CLIENT):
        messages.error(request, _("Unknown status."))
        return redirect("portal:ticket_detail", pk=ticket.pk)
    return _run(
        request,
        ticket,
        lambda: actions.change_status(ticket, status=status, actor=request.user),
        _("Status changed."),
    )


@login_required
@require_POST
def ticket_window(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = _staff_ticket(request, pk)
    form = WindowForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("portal:ticket_detail", pk=ticket.pk)
    return _run(
        request,
        ticket,
        lambda: actions.agree_window(
            ticket,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            actor=request.user,
        ),
        _("Agreed window saved."),
    )
