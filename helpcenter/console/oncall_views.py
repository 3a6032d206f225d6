"""The on-call pages (who is on call, pages, acknowledging): agent UI, in the console app.

The on-call domain (rotas, paging, escalation) lives in helpcenter/oncall/; these
views read it through its selectors, like every page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from helpcenter.accounts.models import User
from helpcenter.core.http import AuthedRequest, require_staff
from helpcenter.oncall.paging import acknowledge, find_page
from helpcenter.oncall.schedule import upcoming
from helpcenter.oncall.selectors import access_page, active_rotas, pages_about
from helpcenter.tickets.selectors import visible_tickets


@login_required
def who_is_on_call(request: AuthedRequest) -> HttpResponse:
    require_staff(request)
    now = timezone.now()
    rotas = [(rota, upcoming(rota, now)) for rota in active_rotas()]
    pages = pages_about(visible_tickets(request.user))[:30]
    return render(request, "oncall/index.html", {"rotas": rotas, "pages": pages, "now": now})


@login_required
@require_POST
def acknowledge_from_console(request: AuthedRequest, page_id: int) -> HttpResponse:
    require_staff(request)
    page = access_page(visible_tickets(request.user), page_id)
    acknowledge(page, actor=request.user, now=timezone.now())
    messages.success(request, _("Page acknowledged."))
    if request.POST.get("from_ticket"):
        return redirect("portal:ticket_detail", pk=page.ticket_id)
    return redirect("oncall:index")


@never_cache
def acknowledge_from_email(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the page e-mail. GET shows one button; the POST acknowledges.

    (Acknowledging on GET would let mail scanners that prefetch links
    acknowledge a page nobody read, and stop its escalation.)
    """
    page = find_page(token)
    if page is None:
        raise Http404
    if request.method == "POST":
        user = request.user
        actor = user if isinstance(user, User) and user.is_support_staff else page.user
        acknowledge(page, actor=actor, now=timezone.now())
        page.refresh_from_db()
    return render(request, "oncall/ack.html", {"page": page})
