"""What a ticket would be promised if it were sent now, and the names people read.

The new-ticket form shows the service hours and the due times the ticket would get,
computed by the same policy lookup and engine that store them when it is opened.
Policy and calendar names are data an admin typed (in one language); what users
read is composed from translated parts: scope, priority, hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from helpcenter.core.choices import ClockKind, Priority, TicketType
from helpcenter.slas.models import BusinessCalendar, SlaPolicy
from helpcenter.slas.policies import find_policy, target_specs


def hours_label(calendar: BusinessCalendar | None) -> str:
    """'24x7', or the opening hours grouped by runs of days: 'seg–sex 08:00–18:00'."""
    if calendar is None:
        return ""
    if calendar.always_open:
        return "24x7"
    hours = {int(day): tuple(spans) for day, spans in (calendar.hours or {}).items() if spans}
    runs: list[tuple[int, int, tuple]] = []
    for day in sorted(hours):
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == hours[day]:
            runs[-1] = (runs[-1][0], day, hours[day])
        else:
            runs.append((day, day, hours[day]))
    parts = []
    for first, last, spans in runs:
        days = str(WEEKDAYS_ABBR[first])
        if last != first:
            days = f"{days}–{WEEKDAYS_ABBR[last]}"
        parts.append(f"{days} {', '.join(s.replace('-', '–') for s in spans)}")
    return "; ".join(parts)


def policy_label(policy: SlaPolicy | None) -> str:
    """'Standard contract · P1 – Critical · 24x7', in the reader's language."""
    if policy is None:
        return ""
    scope = policy.organization.name if policy.organization else _("Standard contract")
    parts = [scope]
    if policy.ticket_type:
        parts.append(str(TicketType(policy.ticket_type).label))
    parts.append(str(Priority(policy.priority).label))
    if policy.calendar is not None:
        parts.append(hours_label(policy.calendar))
    return " · ".join(parts)


@dataclass
class Promise:
    policy: str
    hours: str
    always_open: bool
    dues: list[tuple[str, datetime]]
    planned_end: date | None = None
    update_every: timedelta | None = None  # after the first response, until resolved


def promise_for(
    *,
    organization_id: int,
    ticket_type: str,
    priority: str,
    now: datetime,
    planned_end: date | None = None,
) -> Promise | None:
    """The targets a ticket sent at `now` would get (None: no policy applies)."""
    if ticket_type not in TicketType.values or priority not in Priority.values:
        return None
    policy = find_policy(
        organization_id=organization_id, ticket_type=ticket_type, priority=priority
    )
    if policy is None:
        return None
    specs = target_specs(policy)
    update = specs.pop(str(ClockKind.UPDATE), None)
    dues = [
        (str(ClockKind(kind).label), spec.calendar.add(now, spec.duration))
        for kind, spec in specs.items()
    ]
    return Promise(
        policy=policy_label(policy),
        hours=hours_label(policy.calendar),
        always_open=bool(policy.calendar and policy.calendar.always_open),
        dues=dues,
        planned_end=planned_end if priority == Priority.PLANNED else None,
        update_every=update.duration if update else None,
    )
