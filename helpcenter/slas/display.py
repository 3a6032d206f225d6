"""What a ticket page shows of the SLA: each target and its ledger, computed live."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from helpcenter.slas.compute import evaluate_ticket
from helpcenter.slas.models import ClockKind, ClockState

if TYPE_CHECKING:
    from helpcenter.tickets.models import Ticket

SEGMENT_LABELS = {
    "working": lambda note: _("Counting (working hours)"),
    "closed": lambda note: _("Outside working hours"),
    "holiday": lambda note: _("Holiday: %(name)s") % {"name": note} if note else _("Closed day"),
    "paused": lambda note: {
        "waiting_on_client": _("Paused: waiting on the client"),
        "resolved_then_reopened": _("Paused: resolved, later reopened"),
    }.get(note, _("Paused")),
}


def _segment_label(kind: str, note: str, always_open: bool) -> str:
    if kind == "working" and always_open:
        return _("Counting (24x7)")
    return SEGMENT_LABELS[kind](note)


@dataclass
class LedgerLine:
    start: datetime
    end: datetime
    label: str
    kind: str
    working: timedelta


@dataclass
class TargetView:
    kind: str
    label: str
    state: str
    state_label: str
    target: timedelta | None
    due_at: datetime | None
    met_at: datetime | None
    used: timedelta
    left: timedelta | None
    ledger: list[LedgerLine]
    summarised: bool = False
    rounds: int = 0  # the periodic-update target: updates so far, and how many were late
    missed: int = 0


RECENT = timedelta(days=7)
SHORT_LEDGER = 12


def summarise(lines: list[LedgerLine], *, zone=None) -> list[LedgerLine]:
    """A ledger a person can read whatever the ticket's age, in a bounded number of lines.

    The last seven days line by line, with each closed night or weekend (or run of
    paused time) in one line; before that, one line per week with the time counted.
    """
    if len(lines) <= SHORT_LEDGER:
        return lines
    zone = zone or timezone.get_current_timezone()
    cutoff = lines[-1].end - RECENT
    out: list[LedgerLine] = []
    week_of: date | None = None
    for line in lines:
        if line.end <= cutoff:
            local = line.start.astimezone(zone).date()
            monday = local - timedelta(days=local.weekday())
            if out and week_of == monday and out[-1].kind == "week":
                last = out[-1]
                out[-1] = LedgerLine(
                    last.start, line.end, last.label, "week", last.working + line.working
                )
            else:
                week_of = monday
                label = _("Week of %(date)s") % {"date": date_format(monday, "SHORT_DATE_FORMAT")}
                out.append(LedgerLine(line.start, line.end, label, "week", line.working))
            continue
        previous = out[-1] if out else None
        if (
            previous is not None
            and line.kind != "working"
            and previous.kind == line.kind
            and previous.label == line.label
            and previous.end == line.start
        ):
            out[-1] = LedgerLine(previous.start, line.end, line.label, line.kind, previous.working)
        else:
            out.append(line)
    return out


def sla_targets(
    ticket: Ticket,
    *,
    now: datetime | None = None,
    ledger: str = "",
    timeline: list[tuple[datetime, str]] | None = None,
) -> list[TargetView]:
    """Each target as the page shows it. `ledger`: "" (none: the page stays the same cost
    whatever the ticket's age), "summary" (bounded, see `summarise`) or "full".
    `timeline`: the status history, when the caller has read it (`status_timeline`)."""
    now = now or timezone.now()
    full_ledger = ledger == "full"
    results, planned = evaluate_ticket(ticket, now=now, ledger=bool(ledger), timeline=timeline)
    calendar = ticket.sla_policy.calendar if ticket.sla_policy else None
    always = bool(calendar and calendar.always_open)
    views = []
    for kind in (
        ClockKind.FIRST_RESPONSE,
        ClockKind.TRIAGE,
        ClockKind.RESOLUTION,
        ClockKind.UPDATE,
    ):
        result = results.get(str(kind))
        if result is None:
            continue
        lines = [
            LedgerLine(s.start, s.end, _segment_label(s.kind, s.note, always), s.kind, s.working)
            for s in result.segments
        ]
        views.append(
            TargetView(
                kind=str(kind),
                label=str(kind.label),
                state=result.state,
                state_label=str(ClockState(result.state).label),
                target=result.target,
                due_at=result.due_at,
                met_at=result.met_at,
                used=result.used,
                left=result.remaining if result.state in ("running", "paused") else None,
                ledger=lines if full_ledger else summarise(lines),
                summarised=not full_ledger and len(lines) > SHORT_LEDGER,
                rounds=result.rounds,
                missed=result.missed,
            )
        )
    if planned is not None:
        views.append(
            TargetView(
                kind=str(ClockKind.PLANNED),
                label=str(ClockKind.PLANNED.label),
                state=planned.state,
                state_label=str(ClockState(planned.state).label),
                target=None,
                due_at=planned.due_at,
                met_at=planned.met_at,
                used=timedelta(0),
                left=None,
                ledger=[],
            )
        )
    return views
