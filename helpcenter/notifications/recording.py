"""Recording a send the relay accepted, even when the database connection just dropped."""

from __future__ import annotations

import logging
import time

from django.db import InterfaceError, OperationalError
from django.db import connection as db_connection

from helpcenter.notifications.models import OutboxMessage

log = logging.getLogger("helpcenter.notifications.delivery")

# How much of the lease left after a send may be spent reconnecting to record it.
RECORD_SHARE = 0.8


def record_sent(message: OutboxMessage, *, lease_ends: float) -> None:
    """Save "sent" for a message the relay accepted, over a fresh connection if the
    database connection dropped (a failover, a terminated backend, a restart).

    The row stays leased to this worker until `lease_ends`; until then no other
    worker can claim it, so retrying within that time is what keeps the message
    from being sent twice. Only a database away for longer than the lease, or a
    worker killed between the relay's answer and this save, leaves a window
    (docs/operations.md, "Exactly once").
    """
    deadline = time.monotonic() + (lease_ends - time.monotonic()) * RECORD_SHARE
    pause = 0.05
    while True:
        try:
            # By id only: once sent it is sent, whoever holds the lease now (a worker
            # that took it over sees the row is no longer pending and skips it).
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=message.status,
                sent_at=message.sent_at,
                last_error="",
                context=message.context,
            )
            return
        except (OperationalError, InterfaceError) as exc:
            if time.monotonic() + pause > deadline:
                log.error(
                    "outbox %s was sent but could not be recorded within its lease: %s",
                    message.pk,
                    type(exc).__name__,
                )
                raise
            log.warning(
                "outbox %s sent; recording it failed (%s), reconnecting",
                message.pk,
                type(exc).__name__,
            )
            if not db_connection.in_atomic_block:
                db_connection.close()
            time.sleep(pause)
            pause = min(pause * 2, 1.0)
