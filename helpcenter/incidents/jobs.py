"""The worker's share of a major incident's updates: each linked ticket's reply (and,
for the final update, its resolution) through the ticket actions.

`post_update` writes one `Delivery` row per ticket in its transaction. Each pass
takes a batch of pending rows; each row is carried out in its own transaction,
locked with SKIP LOCKED (two workers share a burst), and marked done in that same
transaction: a worker killed mid-batch rolls back the row it was on, which the next
pass takes again, so every ticket gets each update exactly once. A ticket's rows
go in the order of its updates (a row waits while an earlier one of its ticket is
pending). A row that fails five times is set aside as failed, so one broken ticket
cannot hold up the rest.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from helpcenter.core import jobs
from helpcenter.incidents.models import Delivery, IncidentUpdate
from helpcenter.tickets.actions import add_reply, resolve_ticket
from helpcenter.tickets.models import Ticket
from helpcenter.tickets.statuses import ACTIVE_STATUSES, ActionRefused, Status, TransitionError

log = logging.getLogger(__name__)
BATCH = 200
MAX_ATTEMPTS = 5


def pending():
    """Rows to carry out, oldest first, none behind an earlier row of its ticket."""
    earlier = Delivery.objects.filter(
        ticket_id=OuterRef("ticket_id"), done_at__isnull=True, pk__lt=OuterRef("pk")
    )
    return (
        Delivery.objects.filter(done_at__isnull=True)
        .exclude(Exists(earlier))
        .order_by("attempts", "id")
    )


def deliver_due(*, now: datetime) -> int:
    """One pass: up to BATCH rows, each in its own transaction."""
    done = 0
    for pk in list(pending().values_list("pk", flat=True)[:BATCH]):
        if jobs.stop_requested.is_set():
            break
        done += _deliver_row(pk)
    return done


def _deliver_row(pk: int) -> int:
    try:
        with transaction.atomic():
            row = (
                Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("update__incident", "update__author", "ticket__organization")
                .filter(pk=pk, done_at__isnull=True)
                .first()
            )
            if row is None:  # done meanwhile, or another worker holds it
                return 0
            try:
                row.outcome, row.note = deliver(row)
            except PermissionDenied as refused:
                row.outcome, row.note = Delivery.Outcome.LEFT, str(refused)[:300]
            row.done_at = timezone.now()
            row.save(update_fields=["outcome", "note", "done_at"])
        return 1
    except Exception:
        log.exception("incident update delivery %s failed", pk)
        Delivery.objects.filter(pk=pk).update(attempts=F("attempts") + 1)
        Delivery.objects.filter(pk=pk, attempts__gte=MAX_ATTEMPTS, done_at__isnull=True).update(
            done_at=timezone.now(), outcome=Delivery.Outcome.FAILED
        )
        return 0


def text_of(update: IncidentUpdate) -> str:
    """The reply each linked ticket gets: "[INC-0001] <the update>"."""
    return f"[{update.incident.number}] {update.body}"


def deliver(delivery: Delivery) -> tuple[str, str]:
    """Carry out one ticket's share of an update, through the ticket actions (the
    worker calls this in the transaction that marks the row done): (outcome, note)."""
    update = delivery.update
    actor = update.author
    ticket = delivery.ticket
    if ticket.status not in ACTIVE_STATUSES:
        return Delivery.Outcome.LEFT, ticket.status
    if delivery.reply:
        try:
            add_reply(ticket, body=text_of(update), actor=actor)
        except (ActionRefused, TransitionError) as exc:  # closed since it was read
            return Delivery.Outcome.LEFT, str(exc)[:300]
    if not delivery.resolve:
        return Delivery.Outcome.REPLIED, ""
    current = Ticket.objects.get(pk=ticket.pk)  # as the reply left it
    if current.status == Status.OPEN:
        return Delivery.Outcome.LEFT, _("not triaged yet")
    if current.status not in ACTIVE_STATUSES:
        return Delivery.Outcome.LEFT, current.status
    try:
        resolve_ticket(current, actor=actor, note=text_of(update))
    except (ActionRefused, TransitionError) as exc:
        return Delivery.Outcome.LEFT, str(exc)[:300]
    return Delivery.Outcome.RESOLVED, ""
