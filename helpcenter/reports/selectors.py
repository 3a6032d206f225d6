"""SLA figures over the stored clocks and tickets: read-only, scoped by the caller.

Every function takes a `Scope`: the organizations the reader may see (from
`accounts.access.organizations_reported_to`) and the filters of the page. The
counting happens in the database (GROUP BY); only the working times whose
median and 90th percentile are wanted come back to Python.

A target is *decided* when it was met or missed (a running clock that already
passed its deadline counts as missed: it can no longer be met in time).
Compliance = met in time / decided. Working times are the clocks' `used_seconds`:
time inside each ticket's own calendar, pauses excluded, as the SLA engine
computed it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from helpcenter.accounts.models import Organization
from helpcenter.catalog.models import Service
from helpcenter.core.choices import ClockKind, Status
from helpcenter.reports.compliance_sql import month_counts
from helpcenter.reports.months import month_bounds
from helpcenter.slas.models import SlaClock
from helpcenter.teams.models import Team
from helpcenter.tickets.models import Ticket

# The periodic-update target counts per ticket: met when the ticket was resolved with
# every update in time, missed when any update came late (sla/updates.py).
TARGETS = (ClockKind.FIRST_RESPONSE, ClockKind.TRIAGE, ClockKind.RESOLUTION, ClockKind.UPDATE)
# What a table can be broken down by (the stored field behind each).
GROUPS = {
    "": None,
    "organization": "ticket__organization__name",
    "priority": "ticket__priority",
    "type": "ticket__type",
    "service": "ticket__service__name",
    "team": "ticket__team__name",
}
AGE_BUCKETS = ((1, "< 1 d"), (3, "1–3 d"), (7, "3–7 d"), (30, "7–30 d"), (None, "> 30 d"))


@dataclass(frozen=True)
class Scope:
    organization_ids: list[int]
    start: date  # first day of the first month
    end: date  # first day of the month after the last
    organization: int | None = None
    priority: str = ""
    type: str = ""
    service: int | None = None
    group: str = ""

    @property
    def last_month(self) -> date:
        """A day in the period's last month (for "from 07/2026 until the end of 12/2026")."""
        return self.end - timedelta(days=1)

    def bounds(self) -> tuple[datetime, datetime]:
        zone = ZoneInfo(settings.TIME_ZONE)
        return datetime.combine(self.start, time.min, zone), datetime.combine(
            self.end, time.min, zone
        )


def services_of(organizations) -> QuerySet[Service]:
    """The services a reader may filter by: those of their organizations."""
    return Service.objects.filter(organization__in=organizations).order_by("name")


def _ticket_filters(scope: Scope, via: str = "") -> dict[str, Any]:
    """The scope as lookups on the ticket, reached through `via` ("ticket__" from a
    clock): the period, the reader's organizations and the page's filters."""
    since, until = scope.bounds()
    lookups: dict[str, Any] = {
        "organization_id__in": scope.organization_ids,
        "created_at__gte": since,
        "created_at__lt": until,
    }
    chosen = {
        "organization_id": scope.organization,
        "priority": scope.priority,
        "type": scope.type,
        "service_id": scope.service,
    }
    lookups.update({name: value for name, value in chosen.items() if value})
    return {via + name: value for name, value in lookups.items()}


def tickets(scope: Scope) -> QuerySet[Ticket]:
    """Tickets opened in the period, in the reader's organizations, filtered."""
    return Ticket.objects.filter(**_ticket_filters(scope))


def _clocks(scope: Scope) -> QuerySet[SlaClock]:
    """The targets' clocks of `tickets(scope)`, filtered through the join (one scan of
    the tickets, not a second one for an IN subquery)."""
    return SlaClock.objects.filter(kind__in=TARGETS, **_ticket_filters(scope, "ticket__"))


def _missed() -> Q:
    return Q(breached=True)


def _decided() -> Q:
    return Q(met_at__isnull=False) | Q(breached=True)


def _month_key(value: Any) -> str:
    if isinstance(value, datetime):
        return timezone.localtime(value, ZoneInfo(settings.TIME_ZONE)).strftime("%Y-%m")
    return str(value)[:7]


@dataclass
class ComplianceRow:
    month: str
    group: str
    target: str
    decided: int
    met: int
    missed: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.met / self.decided, 1) if self.decided else None


def compliance(scope: Scope) -> list[ComplianceRow]:
    """Per month (of opening), group and target: decided, met in time, missed."""
    if connection.vendor == "postgresql":
        rows = _compliance_pg(scope)
    else:
        group = GROUPS.get(scope.group)
        keys = ["month", "kind"] + ([group] if group else [])
        rows = [
            (
                _month_key(r["month"]),
                r[group] if group else "",
                r["kind"],
                r["decided"],
                r["missed"],
            )
            for r in _clocks(scope)
            .annotate(month=TruncMonth("ticket__created_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
            .values(*keys)
            .annotate(decided=Count("id", filter=_decided()), missed=Count("id", filter=_missed()))
            .order_by()
        ]
    result = [
        ComplianceRow(
            month=month,
            group=str(group) if group is not None else "",
            target=kind,
            decided=decided,
            met=decided - missed,
            missed=missed,
        )
        for month, group, kind, decided, missed in rows
    ]
    return sorted(result, key=lambda r: (r.month, r.group, TARGETS.index(r.target)))


def _compliance_pg(scope: Scope) -> list[tuple[str, Any, str, int, int]]:
    months = month_bounds(scope.start, scope.end)
    found = month_counts(tickets(scope), months, [str(t) for t in TARGETS], scope.group)
    names: dict[Any, str] = {}
    if scope.group in ("organization", "service", "team"):
        ids = {key for _n, key, *_rest in found}
        model: Any = {"organization": Organization, "service": Service, "team": Team}[scope.group]
        names = dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [
        (months[n - 1][0], names.get(key, key), kind, decided, missed)
        for n, key, kind, decided, missed in found
    ]


def overall(rows: list[ComplianceRow]) -> dict[str, float | None]:
    """Compliance per target over the whole selection."""
    met: dict[str, int] = defaultdict(int)
    decided: dict[str, int] = defaultdict(int)
    for row in rows:
        met[row.target] += row.met
        decided[row.target] += row.decided
    return {t: (round(100 * met[t] / decided[t], 1) if decided[t] else None) for t in TARGETS}


def percentile(values: list[int], p: float) -> int | None:
    """Nearest-rank percentile (p in 0..100) of sorted-or-not values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


class _Percentile(Aggregate):
    """PostgreSQL's percentile_disc: the nearest-rank percentile, computed in the database."""

    function = "PERCENTILE_DISC"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: str, fraction: float) -> None:
        super().__init__(expression, fraction=fraction, output_field=IntegerField())


def working_times(scope: Scope) -> dict[str, dict[str, int | None]]:
    """Median and p90 of the working time until each target was met (seconds):
    in the database on PostgreSQL, over the values in Python on SQLite."""
    met = _clocks(scope).filter(met_at__isnull=False)
    if connection.vendor == "postgresql":
        rows = met.values("kind").annotate(
            n=Count("id"),
            p50=_Percentile("used_seconds", 0.5),
            p90=_Percentile("used_seconds", 0.9),
        )
        found_pg = {r["kind"]: r for r in rows}
        empty = {"n": 0, "p50": None, "p90": None}
        return {
            t: {
                "count": found_pg.get(t, empty)["n"],
                "p50": found_pg.get(t, empty)["p50"],
                "p90": found_pg.get(t, empty)["p90"],
            }
            for t in TARGETS
        }
    found: dict[str, list[int]] = defaultdict(list)
    pairs = met.values_list("kind", "used_seconds")
    for kind, used in pairs.iterator(chunk_size=5000):
        found[kind].append(used)
    return {
        t: {
            "count": len(found[t]),
            "p50": percentile(found[t], 50),
            "p90": percentile(found[t], 90),
        }
        for t in TARGETS
    }


def backlog(scope: Scope, *, now: datetime | None = None) -> dict[str, dict[str, int]]:
    """Tickets still open now (of those opened in the period), by age and priority."""
    now = now or timezone.now()
    whens = [
        When(created_at__gte=now - timedelta(days=days), then=Value(i))
        for i, (days, _label) in enumerate(AGE_BUCKETS)
        if days is not None
    ]
    rows = (
        tickets(scope)
        .exclude(status__in=[Status.RESOLVED, Status.CLOSED])
        .annotate(
            bucket=Case(*whens, default=Value(len(AGE_BUCKETS) - 1), output_field=IntegerField())
        )
        .values("bucket", "priority")
        .annotate(n=Count("id"))
    )
    table: dict[str, dict[str, int]] = {label: {} for _days, label in AGE_BUCKETS}
    for r in rows:
        table[AGE_BUCKETS[r["bucket"]][1]][r["priority"]] = r["n"]
    return table


def volume(scope: Scope) -> list[dict[str, Any]]:
    """Tickets opened per type and channel."""
    return list(
        tickets(scope).values("type", "channel").annotate(n=Count("id")).order_by("type", "channel")
    )


def breaches(scope: Scope, *, limit: int = 200) -> list[SlaClock]:
    """The missed targets, most recent deadline first, with their tickets."""
    return list(
        _clocks(scope)
        .filter(_missed())
        .select_related("ticket", "ticket__organization")
        .annotate(over=F("used_seconds") - F("target_seconds"))
        .order_by("-due_at")[:limit]
    )
