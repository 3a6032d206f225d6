"""A ticket's full record as a PDF that a client or an agent can keep.

What the reader may see, and nothing more: the fields, the conversation (internal
notes for staff only), the files, the history, each SLA target's outcome with
its full ledger, and the audit sequence numbers and hashes of the history's
events, so the record can be checked against the trail (docs/audit.md).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from helpcenter.audit.selectors import chain_head
from helpcenter.core.numbers import file_size
from helpcenter.core.pdf import Document, when
from helpcenter.core.templatetags.helpcenter import duration
from helpcenter.slas.display import sla_targets
from helpcenter.slas.promise import policy_label
from helpcenter.tickets.selectors import visible_attachments, visible_comments, visible_events


def ticket_record(user, ticket) -> bytes:
    now = timezone.now()
    seq, head = chain_head()
    doc = Document(
        title=f"{ticket.number} · {ticket.title}",
        subtitle=_("Record generated %(when)s for %(who)s.")
        % {"when": when(now), "who": user.email},
        footer=f"{ticket.number} · Helpcenter",
    )
    doc.heading(_("Ticket"))
    doc.fields(
        [
            (_("Organization"), ticket.organization.name),
            (_("Requester"), f"{ticket.requester.display_name} <{ticket.requester.email}>"),
            (_("Service"), ticket.service.name),
            (_("Type"), ticket.get_type_display()),
            (_("Priority"), ticket.get_priority_display()),
            (_("Status"), ticket.get_status_display()),
            (_("Channel"), ticket.get_channel_display()),
            (_("Opened"), when(ticket.created_at)),
            (_("Assigned to"), ticket.assignee.display_name if ticket.assignee else "—"),
            (_("SLA policy"), policy_label(ticket.sla_policy)),
            (_("Resolved"), when(ticket.resolved_at)),
            (_("Closed"), when(ticket.closed_at)),
        ]
    )
    doc.heading(_("Description"))
    doc.paragraph(ticket.description)

    doc.heading(_("Conversation"))
    comments = list(visible_comments(user, ticket))
    if not comments:
        doc.paragraph(_("No replies."))
    for comment in comments:
        label = _("Internal note") if comment.is_internal else _("Public reply")
        doc.paragraph(
            f"{label} · {comment.author.display_name} · {when(comment.created_at)}", bold=True
        )
        doc.paragraph(comment.body)
        doc.ln(1.5)

    doc.heading(_("Files"))
    files = list(visible_attachments(user, ticket))
    if files:
        doc.grid(
            [_("Name"), _("Type"), _("Size"), _("Sent by"), _("When")],
            [
                (
                    f.original_name,
                    f.content_type,
                    file_size(f.size),
                    f.uploaded_by.display_name if f.uploaded_by else "—",
                    when(f.created_at),
                )
                for f in files
            ],
            (62, 36, 18, 36, 28),
        )
    else:
        doc.paragraph(_("No files."))

    doc.heading(_("Service level (SLA)"))
    for target in sla_targets(ticket, now=now, ledger="full"):
        doc.paragraph(f"{target.label}: {target.state_label}", bold=True)
        lines = [(_("Target"), duration(target.target))]
        if target.met_at is not None:
            # Met: when, and whether in time (its state says so), not an empty due date.
            lines.append((_("Met at"), f"{when(target.met_at)} · {target.state_label}"))
        if target.due_at is not None:
            lines.append((_("Due"), when(target.due_at)))
        lines.append((_("Working time used"), duration(target.used)))
        if target.rounds:
            lines.append(
                (
                    _("Updates"),
                    _("%(rounds)s, %(missed)s late")
                    % {"rounds": target.rounds, "missed": target.missed},
                )
            )
        doc.fields(lines)
        if target.ledger:
            doc.grid(
                [_("From"), _("To"), _("Period"), _("Working time")],
                [
                    (when(line.start), when(line.end), line.label, duration(line.working))
                    for line in target.ledger
                ],
                (36, 36, 78, 30),
            )

    doc.heading(_("History"))
    doc.grid(
        [_("When"), _("Event"), _("By"), _("Audit seq."), _("Audit hash")],
        [
            (
                when(event.created_at),
                event.label,
                event.actor.display_name if event.actor else event.get_actor_kind_display(),
                event.seq,
                event.hash,
            )
            for event in visible_events(user, ticket)
        ],
        (26, 42, 36, 16, 60),
    )
    doc.paragraph(
        _(
            "Each history line is an event of the help desk's audit trail; its sequence "
            "number and hash let an auditor check it against the trail. Trail head when "
            "this record was generated: %(head)s."
        )
        % {"head": f"{seq}:{head}"},
        size=7.5,
    )
    return doc.bytes()
