"""Monthly statements: the list of the last months per organization, each as a PDF,
and the relationship manager's (or an admin's) "send to the organization's admins"."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from helpcenter.accounts.access import organizations_managed_by, organizations_reported_to
from helpcenter.accounts.roles import Role
from helpcenter.core.http import AuthedRequest
from helpcenter.reports.actions import send_statement
from helpcenter.reports.forms import month_start

MONTHS = 12


def _month(year: int, month: int) -> date:
    """A month that has begun, within a sane range; 404 otherwise."""
    if not (2000 <= year <= 9999 and 1 <= month <= 12):
        raise Http404
    first = date(year, month, 1)
    if first > timezone.localdate():
        raise Http404
    return first


def _may_send(user) -> bool:
    return user.role in (Role.ADMIN, Role.MANAGER)


@login_required
def statements(request: AuthedRequest) -> HttpResponse:
    organizations = organizations_reported_to(request.user).filter(is_active=True).order_by("name")
    if not request.user.is_support_staff and not organizations.exists():
        raise Http404
    this_month = month_start(timezone.localdate())
    months = [month_start(this_month, -n) for n in range(MONTHS)]
    senders = set(
        organizations_managed_by(request.user).values_list("id", flat=True)
        if _may_send(request.user)
        else []
    )
    return render(
        request,
        "reports/statements.html",
        {
            "rows": [(org, org.pk in senders) for org in organizations[:200]],
            "months": months,
            "this_month": this_month,
        },
    )


@login_required
def statement_pdf(request: AuthedRequest, org_id: int, year: int, month: int) -> HttpResponse:
    from helpcenter.reports import statement  # fpdf2 (~30 MB) only in processes that print

    organization = get_object_or_404(organizations_reported_to(request.user), pk=org_id)
    built = statement.build(organization, _month(year, month))
    response = HttpResponse(statement.to_pdf(built), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="statement-{organization.pk}-{year:04d}-{month:02d}.pdf"'
    )
    return response


@login_required
@require_POST
def statement_send(request: AuthedRequest, org_id: int, year: int, month: int) -> HttpResponse:
    if not _may_send(request.user):
        raise Http404
    organization = get_object_or_404(organizations_managed_by(request.user), pk=org_id)
    sent = send_statement(organization, _month(year, month), actor=request.user)
    if sent:
        messages.success(
            request,
            ngettext(
                "The statement was sent to %(n)s administrator of %(org)s.",
                "The statement was sent to %(n)s administrators of %(org)s.",
                sent,
            )
            % {"n": sent, "org": organization.name},
        )
    else:
        messages.error(
            request,
            _(
                "Nothing was sent: %(org)s has no active administrator, or they already "
                "received this statement."
            )
            % {"org": organization.name},
        )
    return redirect("reports:statements")
