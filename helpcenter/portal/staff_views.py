"""Agent actions from the ticket page: triage, priority, waiting on client, agreed window.

Thin: parse, scope, call one action, report. Clients get 404 here.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpcenter.core.http import AuthedRequest, require_staff
from helpcenter.tickets import actions
from helpcenter.tickets.selectors import access_ticket, find_visible_ticket
from helpcenter.tickets.statuses import ActionRefused, Status

from .detail import canned_text, render_detail
from .staff_forms import (
    AssignForm,
    ComposerForm,
    LinkForm,
    MergeForm,
    NoteForm,
    PriorityForm,
    TriageForm,
    VersionForm,
    WindowForm,
)


def _staff_ticket(request: AuthedRequest, pk: int):
    require_staff(request)
    return access_ticket(request.user, pk)


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


def posted_version(request) -> int | None:
    """The ticket version the agent's page showed (hidden field), for the stale check."""
    form = VersionForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else None


def run_action(request, ticket, call, success: str) -> HttpResponse:
    """Run `call()` (one action) on `ticket`; a refusal becomes a message on its page."""
    try:
        call()
    except (ActionRefused, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("portal:ticket_detail", pk=ticket.pk)


def submit_action(
    request, ticket, form, call: Callable[[dict], object], success: str
) -> HttpResponse:
    """Validate `form`; on success run `call(cleaned_data)` (one action) and report."""
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("portal:ticket_detail", pk=ticket.pk)
    return run_action(request, ticket, lambda: call(form.cleaned_data), success)


@login_required
@require_POST
def ticket_triage(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = _staff_ticket(request, pk)
    return submit_action(
        request,
        ticket,
        TriageForm(request.POST, ticket=ticket, actor=request.user),
        lambda data: actions.triage_ticket(
            ticket,
            ticket_type=data["ticket_type"],
            priority=data["priority"],
            service=data["service"],
            assignee=data["assignee"],
            reason=data["reason"],
            actor=request.user,
            expected_version=posted_version(request),
        ),
        _("Triage recorded."),
    )


@login_required
@require_POST
def ticket_priority(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = _staff_ticket(request, pk)
    return submit_action(
        request,
        ticket,
        PriorityForm(request.POST),
        lambda data: actions.change_priority(
            ticket,
            priority=data["priority"],
            reason=data["reason"],
            actor=request.user,
            expected_version=posted_version(request),
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
    return run_action(
        request,
        ticket,
        lambda: actions.change_status(
            ticket, status=status, actor=request.user, expected_version=posted_version(request)
        ),
        _("Status changed."),
    )


@login_required
@require_POST
def ticket_window(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = _staff_ticket(request, pk)
    return submit_action(
        request,
        ticket,
        WindowForm(request.POST),
        lambda data: actions.agree_window(
            ticket,
            start=data["start"],
            end=data["end"],
            actor=request.user,
            expected_version=posted_version(request),
        ),
        _("Agreed window saved."),
    )


@login_required
@require_POST
def ticket_compose(request: AuthedRequest, pk: int) -> HttpResponse:
    """The agent's composer: a public reply or an internal note; or, with the insert
    button and no JavaScript, the page again with the canned text added to the draft."""
    ticket = _staff_ticket(request, pk)
    if "insert_canned" in request.POST:
        draft = request.POST.get("body", "")[:50000]
        text = canned_text(request.POST, ticket=ticket, agent=request.user)
        if text is not None:
            draft = f"{draft.rstrip()}\n\n{text}" if draft.strip() else text
        composer = ComposerForm(
            initial={"body": draft, "visibility": request.POST.get("visibility", "public")}
        )
        return render_detail(request, ticket, composer=composer, status=200)
    form = ComposerForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_detail(request, ticket, composer=form)
    data = form.cleaned_data
    try:
        if form.is_internal:
            actions.add_internal_note(
                ticket, body=data["body"], attachments=data["attachments"], actor=request.user
            )
        else:
            actions.add_reply(
                ticket, body=data["body"], attachments=data["attachments"], actor=request.user
            )
    except (ActionRefused, PermissionDenied) as exc:
        form.add_error(None, str(exc))
        return render_detail(request, ticket, composer=form)
    messages.success(
        request, _("Internal note added.") if form.is_internal else _("Your reply was added.")
    )
    return redirect("portal:ticket_detail", pk=ticket.pk)


@login_required
@require_POST
def ticket_note(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = _staff_ticket(request, pk)
    return submit_action(
        request,
        ticket,
        NoteForm(request.POST, request.FILES),
        lambda data: actions.add_internal_note(
            ticket, body=data["body"], attachments=data["attachments"], actor=request.user
        ),
        _("Internal note added."),
    )


@login_required
@require_POST
def ticket_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = _staff_ticket(request, pk)
    return submit_action(
        request,
        ticket,
        AssignForm(request.POST),
        lambda data: actions.assign_ticket(
            ticket,
            assignee=data["assignee"],
            actor=request.user,
            expected_version=posted_version(request),
        ),
        _("Assignment saved."),
    )


def _other_ticket(request: AuthedRequest, form: forms.Form, field: str):
    if not form.is_valid():
        return None
    return find_visible_ticket(request.user, form.cleaned_data[field])


@login_required
@require_POST
def ticket_merge(request: AuthedRequest, pk: int) -> HttpResponse:
    """Merge this ticket (the duplicate) into the one named in the form."""
    ticket = _staff_ticket(request, pk)
    target = _other_ticket(request, MergeForm(request.POST), "into")
    if target is None:
        messages.error(request, _("No ticket with that number."))
        return redirect("portal:ticket_detail", pk=ticket.pk)
    try:
        actions.merge_ticket(ticket, into=target, actor=request.user)
    except (ActionRefused, PermissionDenied) as exc:
        messages.error(request, str(exc))
        return redirect("portal:ticket_detail", pk=ticket.pk)
    messages.success(request, _("Merged into %(number)s.") % {"number": target.number})
    return redirect("portal:ticket_detail", pk=target.pk)


@login_required
@require_POST
def ticket_link(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = _staff_ticket(request, pk)
    other = _other_ticket(request, LinkForm(request.POST), "other")
    if other is None:
        messages.error(request, _("No ticket with that number."))
        return redirect("portal:ticket_detail", pk=ticket.pk)
    return run_action(
        request,
        ticket,
        lambda: actions.link_tickets(ticket, other=other, actor=request.user),
        _("Tickets linked."),
    )


@login_required
def ticket_freshness(request: AuthedRequest, pk: int) -> JsonResponse:
    """Polled by the agent's ticket page: has anyone changed the ticket since it was loaded?"""
    ticket = _staff_ticket(request, pk)
    form = VersionForm(request.GET)
    seen = form.cleaned_data["version"] if form.is_valid() else None
    if seen is None:
        seen = ticket.version
    latest = ticket.events.order_by("-id").select_related("actor").first()
    changed = ticket.version != seen
    return JsonResponse(
        {
            "version": ticket.version,
            "changed": changed,
            "by": latest.actor.display_name if changed and latest and latest.actor else "",
            "what": latest.label if changed and latest else "",
        }
    )
