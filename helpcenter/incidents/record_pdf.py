"""The post-incident record: what happened and what it cost each client, as a PDF.

Timeline from the audit trail and the incident's updates; the organizations and
tickets it touched; each linked ticket's targets met and missed; the time from the
first linked ticket to the declaration and the gaps between public updates.
"""

from __future__ import annotations

from statistics import median

from django.utils import timezone
from django.utils.translation import gettext as _

from helpcenter.core.pdf import Document, when
from helpcenter.core.templatetags.helpcenter import duration
from helpcenter.incidents.models import Incident
from helpcenter.incidents.selectors import linked_clocks, links_of, record_events, timeline


def _gaps(times) -> list:
    ordered = sorted(times)
    return [b - a for a, b in zip(ordered, ordered[1:], strict=False)]


def incident_record(incident: Incident) -> bytes:
    links = list(links_of(incident))
    updates = list(timeline(incident, public_only=False))
    public = [u.created_at for u in updates if u.public]
    first_ticket = min((link.ticket.created_at for link in links), default=None)
    gaps = _gaps([incident.declared_at, *public])
    doc = Document(
        title=f"{incident.number} · {incident.title}",
        subtitle=_("Post-incident record generated %(when)s.") % {"when": when(timezone.now())},
        footer=f"{incident.number} · Helpcenter",
    )
    doc.heading(_("Summary"))
    organizations = sorted({link.ticket.organization.name for link in links})
    doc.fields(
        [
            (_("State"), incident.get_state_display()),
            (_("Commander"), incident.commander.display_name),
            (_("Declared"), when(incident.declared_at)),
            (_("Resolved"), when(incident.resolved_at)),
            (
                _("From the first linked ticket to the declaration"),
                duration(incident.declared_at - first_ticket)
                if first_ticket and first_ticket < incident.declared_at
                else "—",
            ),
            (_("Public updates"), len(public)),
            (_("Longest time between updates"), duration(max(gaps)) if gaps else "—"),
            (_("Median time between updates"), duration(median(gaps)) if gaps else "—"),
            (_("Organizations affected"), ", ".join(organizations) or "—"),
            (_("Tickets linked"), len(links)),
        ]
    )
    if incident.impact:
        doc.paragraph(incident.impact)

    doc.heading(_("Timeline"))
    lines = [(u.created_at, u.get_state_display(), u.author.display_name, u.body) for u in updates]
    lines += [
        (e.created_at, str(e.label), e.actor.display_name if e.actor else "—", "")
        for e in record_events(incident)
    ]
    doc.grid(
        [_("When"), _("What"), _("By"), _("Text")],
        [
            (when(at), what, who, text[:300])
            for at, what, who, text in sorted(lines, key=lambda x: x[0])
        ],
        (28, 40, 36, 76),
    )

    doc.heading(_("Tickets and their targets"))
    clocks = linked_clocks(incident)
    if not clocks:
        doc.paragraph(_("No ticket was linked."))
    else:
        doc.grid(
            [_("Ticket"), _("Organization"), _("Target"), _("Outcome"), _("Due")],
            [
                (
                    c.ticket.number,
                    c.ticket.organization.name,
                    c.get_kind_display(),
                    _("missed") if c.breached else (_("met") if c.met_at else _("running")),
                    when(c.due_at),
                )
                for c in clocks
            ],
            (28, 44, 42, 30, 36),
        )
        missed = [c for c in clocks if c.breached]
        doc.paragraph(
            _("%(missed)s of %(total)s targets of the linked tickets were missed.")
            % {"missed": len(missed), "total": len(clocks)}
        )
    return doc.bytes()
