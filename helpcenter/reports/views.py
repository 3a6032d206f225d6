"""The SLA report page, its charts (SVG) and its tables as CSV: one URL's filters."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from helpcenter.accounts.access import organizations_reported_to
from helpcenter.core.choices import Channel, ClockKind, Priority, TicketType
from helpcenter.core.http import AuthedRequest
from helpcenter.core.numbers import hours
from helpcenter.core.spreadsheets import safe_cell
from helpcenter.reports import selectors
from helpcenter.reports.forms import ReportForm
from helpcenter.satisfaction.selectors import counts as survey_counts


def _form(request: AuthedRequest) -> ReportForm:
    organizations = organizations_reported_to(request.user)
    if not request.user.is_support_staff and not organizations.exists():
        raise Http404
    params = request.GET.copy()
    for name in ("format", "table", "chart"):
        params.pop(name, None)
    return ReportForm(params or None, organizations=organizations.order_by("name"))


def _labels() -> dict[str, str]:
    return {str(k): str(k.label) for k in selectors.TARGETS}


def _hours(seconds: int | None) -> str:
    return hours(seconds)


@login_required
def sla_report(request: AuthedRequest) -> HttpResponse:
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return render(request, "reports/sla.html", {"form": form}, status=400)
    scope = form.scope()
    table = request.GET.get("table", "")
    if request.GET.get("format") == "csv" and table in CSV_TABLES:
        return _csv(scope, table)
    rows = selectors.compliance(scope)
    labels = _labels()
    times = selectors.working_times(scope)
    params = request.GET.copy()
    return render(
        request,
        "reports/sla.html",
        {
            "form": form,
            "scope": scope,
            "rows": [(r, labels[r.target]) for r in rows],
            "overall": [(labels[t], pct) for t, pct in selectors.overall(rows).items()],
            "times": [
                (labels[t], v["count"], _hours(v["p50"]), _hours(v["p90"]))
                for t, v in times.items()
                if t not in (ClockKind.TRIAGE, ClockKind.UPDATE)
            ],
            "backlog": selectors.backlog(scope),
            "priorities": list(Priority.choices),
            "volume": _volume_rows(scope),
            "breaches": selectors.breaches(scope, limit=100),
            "satisfaction": satisfaction(scope),
            "labels": labels,
            "query_string": params.urlencode(),
        },
    )


def satisfaction(scope) -> dict[str, float | int | None]:
    found = survey_counts(selectors.tickets(scope))
    answered = found["good"] + found["bad"]
    return {**found, "percent": round(100 * found["good"] / answered, 1) if answered else None}


def _volume_rows(scope) -> list[tuple[str, str, int]]:
    types, channels = dict(TicketType.choices), dict(Channel.choices)
    return [
        (
            str(types.get(r["type"], r["type"])),
            str(channels.get(r["channel"], r["channel"])),
            r["n"],
        )
        for r in selectors.volume(scope)
    ]


@login_required
def sla_chart(request: AuthedRequest, name: str) -> HttpResponse:
    form = _form(request)
    if form.is_bound and not form.is_valid():
        raise Http404
    from helpcenter.reports import charts  # pygal only in the processes that draw

    scope = form.scope()
    if name == "compliance":
        svg = charts.compliance_chart(
            selectors.compliance(scope), _labels(), _("SLA compliance per month (%)")
        )
    elif name == "backlog":
        svg = charts.backlog_chart(
            selectors.backlog(scope),
            [(str(v), str(label)) for v, label in Priority.choices],
            _("Open tickets by age and priority"),
        )
    else:
        raise Http404
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


def _csv(scope, table: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in CSV_TABLES[table](scope):
        writer.writerow([safe_cell(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sla-{table}-{scope.start:%Y-%m}.csv"'
    return response


def _compliance_csv(scope):
    yield ["month", "group", "target", "decided", "met", "missed", "percent"]
    for r in selectors.compliance(scope):
        yield [r.month, r.group, r.target, r.decided, r.met, r.missed, r.percent]


def _times_csv(scope):
    yield ["target", "count", "median_seconds", "p90_seconds"]
    for target, v in selectors.working_times(scope).items():
        yield [target, v["count"], v["p50"], v["p90"]]


def _backlog_csv(scope):
    priorities = [value for value, _label in Priority.choices]
    yield ["age", *priorities]
    for bucket, counts in selectors.backlog(scope).items():
        yield [bucket, *[counts.get(p, 0) for p in priorities]]


def _volume_csv(scope):
    yield ["type", "channel", "tickets"]
    for r in selectors.volume(scope):
        yield [r["type"], r["channel"], r["n"]]


def _breaches_csv(scope):
    yield ["ticket", "organization", "target", "due_at", "met_at", "target_seconds", "used_seconds"]
    for c in selectors.breaches(scope, limit=100_000):
        yield [
            c.ticket.number,
            c.ticket.organization.name,
            c.kind,
            c.due_at.isoformat() if c.due_at else "",
            c.met_at.isoformat() if c.met_at else "",
            c.target_seconds,
            c.used_seconds,
        ]


CSV_TABLES = {
    "compliance": _compliance_csv,
    "times": _times_csv,
    "backlog": _backlog_csv,
    "volume": _volume_csv,
    "breaches": _breaches_csv,
}
