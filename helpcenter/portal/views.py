"""Client-facing pages: list, open, follow and answer tickets. Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from helpcenter.core.http import AuthedRequest
from helpcenter.core.pages import window
from helpcenter.incidents.selectors import incident_flag
from helpcenter.slas.promise import promise_for
from helpcenter.tickets import actions
from helpcenter.tickets.attachments import keep_after_errors, staged_of
from helpcenter.tickets.models import URGENT_PRIORITIES, TicketType
from helpcenter.tickets.search import find, number_first
from helpcenter.tickets.selectors import (
    access_attachment,
    access_ticket,
    ticket_for_page,
    visible_tickets,
)
from helpcenter.tickets.statuses import ACTIVE_STATUSES, TransitionError

from .detail import render_detail
from .forms import (
    ParticipantsForm,
    PromiseForm,
    ReopenForm,
    ReplyForm,
    StatusFilterForm,
    TicketForm,
)
from .staff_forms import ResolveForm
from .staff_views import posted_version, run_action, submit_action


def _require_client(request: AuthedRequest) -> None:
    if not request.user.is_client:
        raise Http404


@login_required
def ticket_list(request: AuthedRequest) -> HttpResponse:
    tickets = visible_tickets(request.user).select_related("service", "requester")
    form = StatusFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if status == "active":
        tickets = tickets.filter(status__in=ACTIVE_STATUSES)
    elif status:
        tickets = tickets.filter(status=status)
    if text:
        # Their own tickets only (the queryset is already scoped): by number or words.
        tickets = number_first(find(tickets, text), text, "-created_at", "-id")
    page = window(tickets, request.GET.get("page"))
    return render(
        request,
        "portal/ticket_list.html",
        {"page": page, "filter_form": form, "now": timezone.now()},
    )


@login_required
def ticket_new(request: AuthedRequest) -> HttpResponse:
    _require_client(request)
    user = request.user
    if user.organization_id is None:
        raise Http404
    staged: list = []
    if request.method == "POST":
        form = TicketForm(request.POST, request.FILES, user=user)
        form.is_valid()
        staged = staged_of(form, owner=user)
        if form.is_valid():
            data = form.cleaned_data
            ticket = actions.open_ticket_from_form(data, requester=user, actor=user, staged=staged)
            messages.success(
                request,
                _("Ticket %(number)s was opened. A confirmation e-mail is on its way.")
                % {"number": ticket.number},
            )
            return redirect("portal:ticket_detail", pk=ticket.pk)
        messages.error(request, _("Please correct the fields marked below."))
        kept, lost = keep_after_errors(form, owner=user)
        staged += kept
        if lost:
            messages.warning(request, _("Some files could not be kept. Please choose them again."))
    else:
        form = TicketForm(user=user)
    return render(
        request,
        "portal/ticket_new.html",
        {
            "form": form,
            "urgent_priorities": [str(p) for p in URGENT_PRIORITIES],
            "staged": staged,
            "promise": _promise(
                user.organization, request.POST if request.method == "POST" else {}
            ),
        },
    )


def _promise(organization, data):
    form = PromiseForm(data)
    if not form.is_valid() or not form.cleaned_data["priority"]:
        return None
    return promise_for(
        organization_id=organization.pk,
        ticket_type=form.cleaned_data["type"] or TicketType.INCIDENT,
        priority=form.cleaned_data["priority"],
        now=timezone.now(),
        planned_end=form.cleaned_data["planned_end"],
    )


@login_required
def ticket_promise(request: AuthedRequest) -> HttpResponse:
    """The service hours and due times a ticket sent now would get (the form's live part)."""
    _require_client(request)
    if request.user.organization is None:
        raise Http404
    promise = _promise(request.user.organization, request.GET)
    return render(request, "portal/_promise.html", {"promise": promise})


@login_required
def ticket_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = ticket_for_page(request.user, pk, has_incident=incident_flag())
    return render_detail(request, ticket)


@login_required
@require_POST
def ticket_reply(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = access_ticket(request.user, pk)
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_detail(request, ticket, reply_form=form)
    try:
        actions.add_reply(
            ticket,
            body=form.cleaned_data["body"],
            attachments=form.cleaned_data["attachments"],
            actor=request.user,
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
        return render_detail(request, ticket, reply_form=form)
    messages.success(request, _("Your reply was added."))
    return redirect("portal:ticket_detail", pk=ticket.pk)


@login_required
@require_POST
def ticket_participants(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = access_ticket(request.user, pk)
    form = ParticipantsForm(request.POST, ticket=ticket)
    if not form.is_valid():
        return render_detail(request, ticket, participants_form=form)
    try:
        added = actions.add_participants(
            ticket,
            people=list(form.cleaned_data["people"]),
            actor=request.user,
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext("%(count)s person added to CC.", "%(count)s people added to CC.", len(added))
            % {"count": len(added)},
        )
    return redirect("portal:ticket_detail", pk=ticket.pk)


@login_required
@require_POST
def ticket_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = access_ticket(request.user, pk)
    _require_client(request)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return render_detail(request, ticket, reopen_form=form)
    return run_action(
        request,
        ticket,
        lambda: actions.reopen_ticket(
            ticket, reason=form.cleaned_data["reason"], actor=request.user
        ),
        _("The ticket was reopened and is back with the support team."),
    )


@login_required
@require_POST
def ticket_close(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = access_ticket(request.user, pk)
    _require_client(request)
    return run_action(
        request,
        ticket,
        lambda: actions.close_ticket(ticket, actor=request.user),
        _("The ticket was closed. Thank you."),
    )


@login_required
@require_POST
def ticket_resolve(request: AuthedRequest, pk: int) -> HttpResponse:
    ticket = access_ticket(request.user, pk)
    if not request.user.is_support_staff:
        raise Http404
    return submit_action(
        request,
        ticket,
        ResolveForm(request.POST),
        lambda data: actions.resolve_ticket(
            ticket,
            actor=request.user,
            note=data["note"],
            expected_version=posted_version(request),
        ),
        _("The ticket was marked as resolved."),
    )


@login_required
def attachment_download(request: AuthedRequest, pk: int, attachment_id: int) -> FileResponse:
    attachment = access_attachment(request.user, pk, attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
