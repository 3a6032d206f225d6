"""Reads of the outbox for operators: the metrics a scrape of /metrics reports."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Min
from django.utils import timezone

from helpcenter.notifications.models import OutboxMessage, OutboxStatus


def outbox_samples() -> Iterator[tuple[str, str, dict[str, str], float]]:
    pending = OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
    oldest = pending.aggregate(first=Min("created_at"))["first"]
    yield "outbox_pending", "Outbox messages waiting to be sent", {}, pending.count()
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    yield "outbox_oldest_pending_seconds", "Age of the oldest message waiting", {}, age
    rows = OutboxMessage.objects.values("kind", "status").annotate(n=Count("id"))
    for row in rows:
        yield (
            "outbox_messages",
            "Outbox messages by kind and status (sent: delivered; dead: failed for good)",
            {"kind": row["kind"], "status": row["status"]},
            row["n"],
        )
