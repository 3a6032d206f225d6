"""Status pages: each client's organization (signed in), and an optional public page
and Atom feed with no client names (STATUS_PAGE_PUBLIC)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpcenter.accounts.access import organizations_visible_to
from helpcenter.core.http import AuthedRequest
from helpcenter.incidents.actions import subscribe_to_status
from helpcenter.incidents.models import IncidentState
from helpcenter.incidents.selectors import is_subscribed
from helpcenter.incidents.status import organization_status, public_status


def _labels() -> dict[str, str]:
    return {str(k): str(k.label) for k in IncidentState}


@login_required
def status_page(request: AuthedRequest) -> HttpResponse:
    """A client's organization; staff choose one (?organization=) or see every incident."""
    user = request.user
    organization = None
    if user.is_client:
        organization = user.organization
        if organization is None:
            raise Http404
    else:
        wanted = request.GET.get("organization", "")
        if wanted.isascii() and wanted.isdigit():
            organization = organizations_visible_to(user).filter(pk=int(wanted)).first()
    data = organization_status(organization.pk) if organization else public_status()
    return render(
        request,
        "incidents/status.html",
        {
            "data": data,
            "organization": organization,
            "states": _labels(),
            "organizations": organizations_visible_to(user) if user.is_support_staff else [],
            "subscribed": is_subscribed(user) if user.is_client else None,
        },
    )


@login_required
@require_POST
def subscription(request: AuthedRequest) -> HttpResponse:
    """A client turns the e-mails of their organization's incident updates on or off."""
    user = request.user
    if not user.is_client or user.organization is None:
        raise Http404
    wanted = request.POST.get("on", "")
    if wanted not in ("0", "1"):
        messages.error(request, _("Choose whether to receive the e-mails."))
    elif subscribe_to_status(user, on=wanted == "1"):
        messages.success(
            request,
            _("You will receive an e-mail for every update of an incident on your services.")
            if wanted == "1"
            else _("You will no longer receive e-mails of incident updates."),
        )
    return redirect("status:page")


def public_page(request: HttpRequest) -> HttpResponse:
    if not settings.STATUS_PAGE_PUBLIC:
        raise Http404
    return render(
        request,
        "incidents/status.html",
        {"data": public_status(), "public": True, "states": _labels()},
    )


class IncidentFeed(Feed):
    """Public updates of active and recent incidents (Atom)."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        if not settings.STATUS_PAGE_PUBLIC:
            raise Http404
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Service status") + f" · {settings.COMPANY_NAME}"

    def link(self):
        return reverse("status:public")

    def items(self):
        return [
            (incident, update)
            for incident in public_status()["incidents"]
            for update in incident["updates"]
        ][:100]

    def item_title(self, item):
        incident, update = item
        return f"{incident['number']} · {incident['title']} ({_labels()[update['state']]})"

    def item_description(self, item):
        return item[1]["body"]

    def item_link(self, item):
        return reverse("status:public") + f"#{item[0]['number']}"

    def item_guid(self, item):
        return f"{item[0]['number']}:{item[1]['at'].isoformat()}"

    def item_pubdate(self, item):
        return item[1]["at"]
