"""Agent-facing pages: the queues, bulk changes and phone intake. Staff only (404 otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from helpcenter.accounts.access import organizations_visible_to
from helpcenter.console.forms import BulkForm, CallPromiseForm, PhoneIntakeForm, QueueFilterForm
from helpcenter.console.queues import QUEUE_BY_KEY, QUEUES, queue_page
from helpcenter.core.http import AuthedRequest, require_staff
from helpcenter.slas.promise import Promise, promise_for
from helpcenter.teams.selectors import managed_tag_names
from helpcenter.tickets import actions
from helpcenter.tickets.attachments import keep_after_errors, staged_of
from helpcenter.tickets.models import Channel, TicketType
from helpcenter.tickets.selectors import visible_tickets
from helpcenter.tickets.statuses import ActionRefused


@login_required
def queue(request: AuthedRequest, view: str = "unassigned") -> HttpResponse:
    require_staff(request)
    current = QUEUE_BY_KEY.get(view)
    if current is None:
        raise Http404
    form = QueueFilterForm(
        request.GET or None, organizations=organizations_visible_to(request.user)
    )
    filters = form.filters() if request.GET else {}
    text = form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else ""
    page = queue_page(
        visible_tickets(request.user),
        current,
        request.user,
        filters=filters,
        text=text,
        cursor=request.GET.get("after", ""),
    )
    params = request.GET.copy()
    params.pop("after", None)
    return render(
        request,
        "console/queue.html",
        {
            "queues": QUEUES,
            "current": current,
            "page": page,
            "form": form,
            "query_string": params.urlencode(),
            "bulk_form": BulkForm(),
            "tag_names": managed_tag_names(),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def bulk(request: AuthedRequest) -> HttpResponse:
    require_staff(request)
    form = BulkForm(request.POST)
    back = request.POST.get("next") or "/console/"
    if not back.startswith("/console/"):
        back = "/console/"
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect(back)
    action = form.cleaned_data["action"]
    done, refused = 0, []
    for ticket in visible_tickets(request.user).filter(pk__in=form.cleaned_data["ids"]):
        try:
            if action == "assign":
                actions.assign_ticket(
                    ticket, assignee=form.cleaned_data["assignee"], actor=request.user
                )
            elif action == "resolve":
                actions.resolve_ticket(ticket, actor=request.user)
            elif action.startswith("tag_"):
                tag = [form.cleaned_data["tag"]]
                actions.tag_ticket(
                    ticket,
                    add=tag if action == "tag_add" else (),
                    remove=tag if action == "tag_remove" else (),
                    actor=request.user,
                )
            else:
                status = action.removeprefix("status_")
                actions.change_status(ticket, status=status, actor=request.user)
            done += 1
        except (ActionRefused, PermissionDenied) as exc:
            refused.append(f"{ticket.number}: {exc}")
    if done:
        messages.success(
            request,
            ngettext("%(count)s ticket changed.", "%(count)s tickets changed.", done)
            % {"count": done},
        )
    for line in refused:
        messages.error(request, line)
    return redirect(back)


@login_required
def phone_intake(request: AuthedRequest) -> HttpResponse:
    """The hotline was answered by a person; the seed still requires a ticket."""
    require_staff(request)
    posted = request.method == "POST"
    form = PhoneIntakeForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        organizations=organizations_visible_to(request.user),
    )
    staged: list = []
    if posted:
        form.is_valid()
        staged = staged_of(form, owner=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = actions.open_ticket_from_form(
                    data,
                    requester=data["requester"],
                    actor=request.user,
                    staged=staged,
                    channel=Channel.PHONE,
                    received_at=data.get("received_at"),
                )
            except ActionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    _(
                        "Ticket %(number)s opened for %(name)s; they will receive the"
                        " confirmation e-mail."
                    )
                    % {"number": ticket.number, "name": data["requester"].display_name},
                )
                return redirect("portal:ticket_detail", pk=ticket.pk)
        kept, lost = keep_after_errors(form, owner=request.user)
        staged += kept
        if lost:
            messages.warning(request, _("Some files could not be kept. Please choose them again."))
    return render(
        request,
        "console/phone_intake.html",
        {"form": form, "staged": staged, "promise": _call_promise(form, request.POST)},
        status=400 if form.errors else 200,
    )


def _call_promise(form: PhoneIntakeForm, data) -> Promise | None:
    """The targets the ticket will get, counted from the call's time (or now)."""
    caller = form.caller
    if caller is None or caller.organization_id is None:
        return None
    chosen = CallPromiseForm(data)
    if not chosen.is_valid() or not chosen.cleaned_data["priority"]:
        return None
    found = chosen.cleaned_data
    return promise_for(
        organization_id=caller.organization_id,
        ticket_type=found["type"] or TicketType.INCIDENT,
        priority=found["priority"],
        now=found["received_at"] or timezone.now(),
        planned_end=found["planned_end"],
    )


@login_required
@require_GET
def phone_intake_parts(request: AuthedRequest) -> HttpResponse:
    """The phone form's live parts (htmx): the caller's services and people, and the
    due times counted from the call's time."""
    require_staff(request)
    form = PhoneIntakeForm(
        initial={
            k: request.GET.getlist(k) if k == "participants" else request.GET.get(k)
            for k in ("requester", "service", "participants")
        },
        organizations=organizations_visible_to(request.user),
    )
    return render(
        request,
        "console/_phone_parts.html",
        {"form": form, "promise": _call_promise(form, request.GET)},
    )
