"""Back-testing a policy or calendar change before saving it (admins only; nothing
is written, so the forms are GET and a result can be bookmarked)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from helpcenter.accounts.roles import Role
from helpcenter.core.http import AuthedRequest
from helpcenter.reports.backtest import TARGETS, backtest_calendar, backtest_policy
from helpcenter.reports.backtest_forms import CalendarBacktestForm, PolicyBacktestForm


@login_required
def backtest(request: AuthedRequest) -> HttpResponse:
    if request.user.role != Role.ADMIN:
        raise Http404
    which = request.GET.get("what", "")
    policy_form = PolicyBacktestForm(request.GET if which == "policy" else None)
    calendar_form = CalendarBacktestForm(request.GET if which == "calendar" else None)
    result = None
    if which == "policy" and policy_form.is_valid():
        data = policy_form.cleaned_data
        result = backtest_policy(
            data["policy"],
            months=data["months"],
            minutes=policy_form.minutes(),
            calendar=data["calendar"],
        )
    elif which == "calendar" and calendar_form.is_valid():
        data = calendar_form.cleaned_data
        result = backtest_calendar(
            data["for_calendar"],
            months=data["months"],
            always_open=data["always_open"] or None,
            hours=data["hours"],
        )
    bad = which in ("policy", "calendar") and result is None
    rows = []
    if result is not None:
        rows = [
            (str(kind.label), result.current.get(str(kind)), result.proposed.get(str(kind)))
            for kind in TARGETS
        ]
    return render(
        request,
        "reports/backtest.html",
        {
            "policy_form": policy_form,
            "calendar_form": calendar_form,
            "result": result,
            "rows": rows,
            "labels": {str(k): str(k.label) for k in TARGETS},
            "outcomes": {"met": _("met"), "missed": _("missed"), "open": _("open"), "none": "—"},
        },
        status=400 if bad else 200,
    )
