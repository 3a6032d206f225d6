"""The rows of the two long ticket tables (the client list, the console queue), written
in Python.

Each row of those tables is some fifteen template lookups, filters and escapes; with 50
rows that was about half of the page's time (`bench/profile_page.py`). These tags build
the same markup with one escape per value: labels and choice names are translated once
per table, the link reversed once (a pattern the id goes into), dates through the
`fast_dates` helpers in the reader's time zone. `tests/test_ticket_rows.py` renders the
former template rows beside these for awkward tickets in both languages and compares.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from helpcenter.core.choices import Channel, Priority, Status
from helpcenter.core.templatetags.fast_dates import iso, short_datetime

register = template.Library()

_ID = 2_147_000_001
CLIENT_LABELS = (
    gettext_noop("Number"),
    gettext_noop("Priority"),
    gettext_noop("Status"),
    gettext_noop("Next SLA deadline"),
    gettext_noop("overdue"),
    gettext_noop("Service"),
    gettext_noop("Requester"),
    gettext_noop("Opened"),
)
CONSOLE_LABELS = (
    *CLIENT_LABELS,
    gettext_noop("Phone"),
    gettext_noop("Organization"),
    gettext_noop("Assigned to"),
)
_LATE = ' class="overdue"'


class _Table:
    """What every row of one table shares: labels, choice names, the link pattern."""

    def __init__(self, now: datetime, *labels: str) -> None:
        self.now = now
        self.label = {name: escape(_(name)) for name in labels}
        self.priority = {str(v): escape(str(label)) for v, label in Priority.choices}
        self.status = {str(v): escape(str(label)) for v, label in Status.choices}
        url = escape(reverse("portal:ticket_detail", args=[_ID]))
        self.link_head, _sep, self.link_tail = url.partition(str(_ID))

    def cell(self, label: str, content: str, css: str = "") -> str:
        klass = f' class="{css}"' if css else ""
        return f'<td{klass} data-label="{self.label[label]}">{content}</td>'

    def number(self, ticket: Any, extra: str = "") -> str:
        number = f'<span class="ticket-number">{escape(ticket.number)}</span>{extra}'
        return self.cell("Number", number, "number")

    def title(self, ticket: Any) -> str:
        title = escape(ticket.title)
        href = f"{self.link_head}{ticket.pk}{self.link_tail}"
        return f'<td class="title" title="{title}"><a href="{href}">{title}</a></td>'

    def state(self, ticket: Any) -> str:
        priority, status = escape(ticket.priority), escape(ticket.status)
        name = self.priority.get(ticket.priority, priority)
        state = self.status.get(ticket.status, status)
        return self.cell(
            "Priority", f'<span class="prio prio-{priority}">{name}</span>'
        ) + self.cell("Status", f'<span class="status status-{status}">{state}</span>', "state")

    def due(self, ticket: Any) -> str:
        due = ticket.sla_next_due
        if not due:
            return self.cell("Next SLA deadline", "—", "due")
        late = due < self.now
        local = timezone.localtime(due)
        text = (
            f'<time datetime="{escape(iso(local))}"{_LATE if late else ""}>'
            f"{escape(short_datetime(local))}</time>"
        )
        if late:
            text += f' <strong class="overdue">{self.label["overdue"]}</strong>'
        return self.cell("Next SLA deadline", text, "due")


@register.simple_tag
def client_rows(tickets: Iterable[Any], now: datetime) -> SafeString:
    """The client list's rows (service and requester selected with the tickets)."""
    table = _Table(now, *CLIENT_LABELS)
    rows = []
    for ticket in tickets:
        opened = timezone.localtime(ticket.created_at)
        rows.append(
            "<tr>"
            + table.number(ticket)
            + table.title(ticket)
            + table.state(ticket)
            + table.due(ticket)
            + table.cell("Service", escape(ticket.service.name))
            + table.cell("Requester", escape(ticket.requester.display_name))
            + table.cell(
                "Opened",
                f'<time datetime="{escape(iso(opened))}">{escape(short_datetime(opened))}</time>',
            )
            + "</tr>\n"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped


@register.simple_tag
def console_rows(tickets: Iterable[Any], now: datetime) -> SafeString:
    """The console queue's rows with a check box each for bulk actions (organization
    and assignee selected with the tickets)."""
    table = _Table(now, *CONSOLE_LABELS)
    phone = f' <span title="{table.label["Phone"]}" aria-label="{table.label["Phone"]}">☎</span>'
    rows = []
    for ticket in tickets:
        assignee = escape(ticket.assignee.display_name) if ticket.assignee else ""
        opened = timezone.localtime(ticket.created_at)
        rows.append(
            f'<tr><td class="pick"><input type="checkbox" name="ids" value="{ticket.pk}" '
            f'aria-label="{escape(ticket.number)}"></td>'
            + table.number(ticket, phone if ticket.channel == Channel.PHONE else "")
            + table.title(ticket)
            + table.state(ticket)
            + table.cell("Organization", escape(ticket.organization.name))
            + table.cell("Assigned to", assignee or "—")
            + table.due(ticket)
            + table.cell("Opened", escape(short_datetime(opened)))
            + "</tr>\n"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped
