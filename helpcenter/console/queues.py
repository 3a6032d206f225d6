"""The console's views of the backlog: filters, full-text search, keyset pagination.

Each view is a filter plus an order backed by an index, so the first page of
any view is an index range whatever the backlog's size. Pages continue with a
keyset cursor (the last row's sort value and id), never OFFSET.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from helpcenter.accounts.models import User
from helpcenter.teams.selectors import my_teams
from helpcenter.tickets.models import URGENT_PRIORITIES, Ticket
from helpcenter.tickets.search import exact_and_rest
from helpcenter.tickets.statuses import ACTIVE_STATUSES, Status

PAGE_SIZE = 50
StrOrPromise = str | Promise


@dataclass(frozen=True)
class Queue:
    key: str
    label: StrOrPromise
    sort: str  # "due" (next SLA deadline first) or "created" (newest first)


QUEUES = [
    Queue("unassigned", _("Unassigned"), "due"),
    Queue("mine", _("Mine"), "due"),
    Queue("team", _("My teams"), "due"),
    Queue("urgent", _("P1/P2 now"), "due"),
    Queue("breaching", _("Breaching soon"), "due"),
    Queue("waiting", _("Waiting on client"), "created"),
    Queue("all", _("All"), "created"),
]
QUEUE_BY_KEY = {q.key: q for q in QUEUES}


def queue_filter(queue: Queue, user: User) -> Q:
    active = Q(status__in=ACTIVE_STATUSES)
    return {
        "unassigned": Q(status=Status.OPEN),
        "mine": active & Q(assignee=user),
        "team": active & Q(team__in=my_teams(user)),
        "urgent": active & Q(priority__in=URGENT_PRIORITIES),
        "breaching": active & Q(sla_next_due__isnull=False),
        "waiting": Q(status=Status.WAITING_ON_CLIENT),
        "all": Q(),
    }[queue.key]


def encode_cursor(value: datetime | None, pk: int) -> str:
    raw = json.dumps([value.isoformat() if value else None, pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str) -> tuple[datetime | None, int] | None:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        value, pk = json.loads(raw)
        return (datetime.fromisoformat(value) if value else None, int(pk))
    except (ValueError, TypeError):
        return None


@dataclass
class Page:
    tickets: list[Ticket]
    next_cursor: str | None


# What a queue row shows (console_rows) and its cursor reads: no description or search
# text, no requester or service, for a page of 50 that is read on every console visit.
ROW_FIELDS = (
    "title", "priority", "status", "channel", "sla_next_due", "created_at",
    "organization__name", "assignee__full_name", "assignee__email",
)  # fmt: skip


def queue_page(
    base: QuerySet[Ticket],
    queue: Queue,
    user: User,
    *,
    filters: dict,
    text: str = "",
    cursor: str = "",
) -> Page:
    qs = base.filter(queue_filter(queue, user))
    for field in ("status", "priority", "type", "organization_id", "service_id", "team_id"):
        if filters.get(field):
            qs = qs.filter(**{field: filters[field]})
    if filters.get("tag"):
        qs = qs.filter(tags__name=filters["tag"])
    if filters.get("assignee") == "none":
        qs = qs.filter(assignee__isnull=True)
    elif filters.get("assignee"):
        qs = qs.filter(assignee_id=filters["assignee"])
    exact: list[Ticket] = []
    if text:
        # The ticket with that number first (on the first page), then what words found.
        numbered, qs = exact_and_rest(qs, text)
        if numbered is not None and not cursor:
            exact = list(numbered.select_related("organization", "assignee").only(*ROW_FIELDS))
    after = decode_cursor(cursor) if cursor else None
    if queue.sort == "due":
        order: list[Any] = [F("sla_next_due").asc(nulls_last=True), "id"]
        if after is not None:
            value, pk = after
            if value is None:
                qs = qs.filter(sla_next_due__isnull=True, id__gt=pk)
            else:
                qs = qs.filter(
                    Q(sla_next_due__gt=value)
                    | Q(sla_next_due=value, id__gt=pk)
                    | Q(sla_next_due__isnull=True)
                )
    else:
        order = ["-created_at", "-id"]
        if after is not None and after[0] is not None:
            value, pk = after
            qs = qs.filter(Q(created_at__lt=value) | Q(created_at=value, id__lt=pk))
    rows = list(
        qs.select_related("organization", "assignee")
        .only(*ROW_FIELDS)
        .order_by(*order)[: PAGE_SIZE + 1]
    )
    next_cursor = None
    if len(rows) > PAGE_SIZE:
        rows = rows[:PAGE_SIZE]
        last = rows[-1]
        key = last.sla_next_due if queue.sort == "due" else last.created_at
        next_cursor = encode_cursor(key, last.pk)
    return Page(exact + rows, next_cursor)
