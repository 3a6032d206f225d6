"""The support team's incident pages (/console/incidents/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from helpcenter.core.http import AuthedRequest, require_staff
from helpcenter.incidents import actions
from helpcenter.incidents.forms import DeclareForm, LinkForm, UnlinkForm, UpdateForm
from helpcenter.incidents.models import IncidentLink
from helpcenter.incidents.selectors import (
    incidents_for_staff,
    link_of,
    links_of,
    proposed_tickets,
    timeline_with_deliveries,
)
from helpcenter.oncall.schedule import people_on_call
from helpcenter.tickets.selectors import visible_tickets
from helpcenter.tickets.statuses import ActionRefused


def _on_call_now(user):
    return next((p for p in people_on_call(timezone.now()) if p is not None), user)


@login_required
def incident_list(request: AuthedRequest) -> HttpResponse:
    require_staff(request)
    if request.method == "POST":
        form = DeclareForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            origin = (
                list(visible_tickets(request.user).filter(pk=data["from_ticket"]))
                if data.get("from_ticket")
                else []
            )
            incident = actions.declare_incident(
                title=data["title"],
                impact=data["impact"],
                services=data["services"],
                commander=data["commander"],
                actor=request.user,
                tickets=origin,
            )
            messages.success(
                request, _("Incident %(number)s declared.") % {"number": incident.number}
            )
            return redirect("incidents:detail", incident_id=incident.pk)
    else:
        initial = {"commander": _on_call_now(request.user).pk}
        origin_id = request.GET.get("from_ticket", "")
        if origin_id.isdigit():
            ticket = visible_tickets(request.user).filter(pk=int(origin_id)).first()
            if ticket is not None:
                initial |= {"from_ticket": ticket.pk, "services": [ticket.service_id]}
        form = DeclareForm(initial=initial)
    return render(
        request,
        "incidents/list.html",
        {"incidents": incidents_for_staff()[:100], "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def incident_detail(request: AuthedRequest, incident_id: int) -> HttpResponse:
    require_staff(request)
    incident = get_object_or_404(incidents_for_staff(), pk=incident_id)
    return _detail(request, incident)


def _detail(request, incident, *, update_form=None, status=200):
    proposed = list(proposed_tickets(incident)[:200]) if incident.is_active else []
    return render(
        request,
        "incidents/detail.html",
        {
            "incident": incident,
            "services": incident.services.select_related("organization"),
            "updates": timeline_with_deliveries(incident),
            "links": links_of(incident),
            "proposed": proposed,
            "update_form": update_form or UpdateForm(initial={"state": incident.state}),
            "unlink_form": UnlinkForm(),
        },
        status=status,
    )


@login_required
@require_POST
def incident_update(request: AuthedRequest, incident_id: int) -> HttpResponse:
    require_staff(request)
    incident = get_object_or_404(incidents_for_staff(), pk=incident_id)
    form = UpdateForm(request.POST)
    if not form.is_valid():
        return _detail(request, incident, update_form=form, status=400)
    try:
        sent = actions.post_update(incident, actor=request.user, **form.cleaned_data)
    except ActionRefused as refused:
        form.add_error(None, str(refused))
        return _detail(request, incident, update_form=form, status=400)
    if sent.queued:
        messages.success(
            request,
            ngettext(
                "Update posted. %(count)s linked ticket gets it within moments.",
                "Update posted. %(count)s linked tickets get it within moments.",
                sent.queued,
            )
            % {"count": sent.queued},
        )
    if sent.left:
        messages.info(
            request,
            ngettext(
                "%(count)s linked ticket was already resolved or closed: left as it was.",
                "%(count)s linked tickets were already resolved or closed: left as they were.",
                len(sent.left),
            )
            % {"count": len(sent.left)},
        )
    return redirect("incidents:detail", incident_id=incident.pk)


@login_required
@require_POST
def incident_link(request: AuthedRequest, incident_id: int) -> HttpResponse:
    require_staff(request)
    incident = get_object_or_404(incidents_for_staff(), pk=incident_id)
    form = LinkForm(request.POST, proposed=proposed_tickets(incident))
    if form.is_valid() and incident.is_active:
        count = actions.link_tickets(
            incident, list(form.cleaned_data["tickets"]), actor=request.user, reason=_("proposed")
        )
        messages.success(
            request,
            ngettext("%(count)s ticket linked.", "%(count)s tickets linked.", count)
            % {"count": count},
        )
    else:
        messages.error(request, _("Choose open tickets on the affected services."))
    return redirect("incidents:detail", incident_id=incident.pk)


def _link(request, incident_id: int, ticket_id: int) -> IncidentLink:
    require_staff(request)
    link = link_of(incident_id, ticket_id)
    if link is None:
        raise Http404
    return link


@login_required
@require_POST
def incident_unlink(request: AuthedRequest, incident_id: int, ticket_id: int) -> HttpResponse:
    link = _link(request, incident_id, ticket_id)
    form = UnlinkForm(request.POST)
    if form.is_valid():
        actions.unlink_ticket(
            link.incident, link.ticket, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("%(number)s unlinked.") % {"number": link.ticket.number})
    else:
        messages.error(request, _("Say why the ticket is not part of the incident."))
    return redirect("incidents:detail", incident_id=incident_id)


@login_required
@require_POST
def incident_separate(request: AuthedRequest, incident_id: int, ticket_id: int) -> HttpResponse:
    link = _link(request, incident_id, ticket_id)
    actions.mark_separate_cause(link, separate=not link.separate_cause, actor=request.user)
    return redirect("incidents:detail", incident_id=incident_id)


@login_required
def incident_record_pdf(request: AuthedRequest, incident_id: int) -> HttpResponse:
    """The post-incident record, for the support team."""
    from helpcenter.incidents.record_pdf import incident_record  # fpdf2 only where printed

    require_staff(request)
    incident = get_object_or_404(incidents_for_staff(), pk=incident_id)
    response = HttpResponse(incident_record(incident), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{incident.number}.pdf"'
    return response
