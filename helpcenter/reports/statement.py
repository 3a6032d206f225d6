"""The monthly statement of one organization: what the contract promised, what was kept.

For tickets opened in the month: compliance per priority and target, every
missed target with its ledger, satisfaction, and the audit trail's head at the
end of the month, so the figures can be tied to the trail that backs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helpcenter.accounts.models import Organization
from helpcenter.audit.selectors import head_before
from helpcenter.core.choices import Priority
from helpcenter.core.numbers import percent
from helpcenter.core.pdf import Document, when
from helpcenter.core.templatetags.helpcenter import duration, seconds_duration
from helpcenter.incidents.models import Incident
from helpcenter.incidents.selectors import incidents_touching
from helpcenter.reports import selectors
from helpcenter.reports.forms import month_start
from helpcenter.satisfaction.selectors import counts as survey_counts
from helpcenter.slas.display import LedgerLine, sla_targets
from helpcenter.slas.models import SlaClock

LEDGERS = 30  # missed targets shown with their full ledger; the rest are listed


@dataclass
class Statement:
    organization: Organization
    month: date
    opened: int
    rows: list[selectors.ComplianceRow]
    overall: dict[str, float | None]
    breaches: list[tuple[SlaClock, list[LedgerLine]]]
    satisfaction: dict[str, int]
    head: tuple[int, str]
    generated_at: datetime = field(default_factory=timezone.now)
    # Major incidents that touched the organization's tickets: (incident, its tickets).
    incidents: list[tuple[Incident, set[int]]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether the month is over (otherwise the statement is "so far")."""
        return timezone.localdate() >= month_start(self.month, 1)


def build(organization: Organization, month: date) -> Statement:
    month = month_start(month)
    scope = selectors.Scope(
        organization_ids=[organization.pk],
        start=month,
        end=month_start(month, 1),
        group="priority",
    )
    rows = selectors.compliance(scope)
    missed = selectors.breaches(scope, limit=10_000)
    breaches = []
    for n, clock in enumerate(missed):
        ledger: list[LedgerLine] = []
        if n < LEDGERS:
            views = sla_targets(clock.ticket, ledger="summary")
            ledger = next((v.ledger for v in views if v.kind == clock.kind), [])
        breaches.append((clock, ledger))
    since, until = scope.bounds()
    return Statement(
        organization=organization,
        month=month,
        opened=selectors.tickets(scope).count(),
        rows=rows,
        overall=selectors.overall(rows),
        breaches=breaches,
        satisfaction=survey_counts(selectors.tickets(scope)),
        head=head_before(min(until, timezone.now())),
        incidents=incidents_touching(organization.pk, since, until),
    )


def _pct(value: float | None) -> str:
    return percent(value)


def _chart_groups(
    rows: list[selectors.ComplianceRow], priorities: dict[str, Any]
) -> list[tuple[str, list[float | None]]]:
    """Compliance per priority (in the table's order), a value per target."""
    percent = {(r.group, r.target): r.percent for r in rows}
    groups = list(dict.fromkeys(r.group for r in rows))
    return [
        (str(priorities.get(g, g)), [percent.get((g, t)) for t in selectors.TARGETS])
        for g in groups
    ]


def to_pdf(statement: Statement) -> bytes:
    labels = {str(k): str(k.label) for k in selectors.TARGETS}
    priorities = dict(Priority.choices)
    month = date_format(statement.month, "YEAR_MONTH_FORMAT")
    doc = Document(
        title=_("Monthly SLA statement · %(org)s · %(month)s")
        % {"org": statement.organization.name, "month": month},
        subtitle=(
            _("Tickets opened in %(month)s. Generated %(when)s.")
            % {"month": month, "when": when(statement.generated_at)}
            + ("" if statement.complete else " " + _("The month is not over: figures so far."))
        ),
        footer=f"{statement.organization.name} · {month}",
    )
    doc.heading(_("Summary"))
    good, bad = statement.satisfaction["good"], statement.satisfaction["bad"]
    doc.fields(
        [
            (_("Tickets opened"), statement.opened),
            *[(labels[t], _pct(p)) for t, p in statement.overall.items()],
            (_("Missed targets"), len(statement.breaches)),
            (
                _("Satisfaction"),
                ngettext(
                    "%(good)s good, %(bad)s bad of %(sent)s survey",
                    "%(good)s good, %(bad)s bad of %(sent)s surveys",
                    statement.satisfaction["sent"] or 0,
                )
                % {"good": good, "bad": bad, "sent": statement.satisfaction["sent"]},
            ),
        ]
    )
    doc.heading(_("Compliance per priority and target"))
    if statement.rows:
        doc.grid(
            [_("Priority"), _("Target"), _("Decided"), _("Met"), _("Missed"), _("Compliance")],
            [
                (
                    str(priorities.get(r.group, r.group)),
                    labels[r.target],
                    r.decided,
                    r.met,
                    r.missed,
                    _pct(r.percent),
                )
                for r in statement.rows
            ],
            (40, 46, 22, 22, 22, 28),
        )
        doc.bars(_chart_groups(statement.rows, priorities), [labels[t] for t in selectors.TARGETS])
    else:
        doc.paragraph(_("No tickets in this period."))
    doc.heading(_("Missed targets"))
    if not statement.breaches:
        doc.paragraph(_("No target was missed in this period."))
    for clock, ledger in statement.breaches[:LEDGERS]:
        ticket = clock.ticket
        doc.paragraph(f"{ticket.number} · {ticket.title} · {labels[clock.kind]}", bold=True)
        doc.paragraph(
            _("Due %(due)s; working time used %(used)s of %(target)s.")
            % {
                "due": when(clock.due_at),
                "used": seconds_duration(clock.used_seconds),
                "target": seconds_duration(clock.target_seconds),
            }
        )
        if ledger:
            doc.rows(
                [_("From"), _("To"), _("Period"), _("Working time")],
                [(when(x.start), when(x.end), x.label, duration(x.working)) for x in ledger],
                (36, 36, 78, 30),
            )
    rest = statement.breaches[LEDGERS:]
    if rest:
        doc.paragraph(
            _(
                "Ledgers are shown for the first %(n)s missed targets; each ticket's record has its own."
            )
            % {"n": LEDGERS},
            size=7.5,
        )
        doc.rows(
            [_("Ticket"), _("Target"), _("Due"), _("Working time used")],
            [
                (
                    c.ticket.number,
                    labels[c.kind],
                    when(c.due_at),
                    f"{seconds_duration(c.used_seconds)} / {seconds_duration(c.target_seconds)}",
                )
                for c, _ledger in rest
            ],
            (34, 56, 40, 50),
        )
    _incidents_section(doc, statement, labels)
    doc.heading(_("Audit trail"))
    seq, digest = statement.head
    doc.paragraph(
        _(
            "Every figure above comes from events of the help desk's audit trail. The trail's "
            "head at the end of the period was event %(seq)s, hash %(hash)s; "
            "`manage.py audit_verify --expect %(seq)s:%(hash)s` proves it is still intact."
        )
        % {"seq": seq, "hash": digest},
        size=8,
    )
    return doc.bytes()


def _incidents_section(doc, statement: Statement, labels: dict[str, str]) -> None:
    """The major incidents that touched the organization, and the missed targets of
    their tickets: the ones the outage explains."""
    if not statement.incidents:
        return
    doc.heading(_("Major incidents"))
    for incident, ticket_ids in statement.incidents:
        doc.paragraph(
            f"{incident.number} · {incident.title} · {incident.get_state_display()}", bold=True
        )
        explained = [
            f"{c.ticket.number} ({labels[c.kind]})"
            for c, _ledger in statement.breaches
            if c.ticket_id in ticket_ids
        ]
        doc.paragraph(
            _("Declared %(declared)s; resolved %(resolved)s; %(n)s of your tickets linked.")
            % {
                "declared": when(incident.declared_at),
                "resolved": when(incident.resolved_at),
                "n": len(ticket_ids),
            }
        )
        doc.paragraph(
            _("Missed targets it explains: %(list)s.") % {"list": ", ".join(explained)}
            if explained
            else _("No missed target of yours is explained by it.")
        )
