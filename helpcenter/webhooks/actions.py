"""Redelivering a webhook by hand (from the admin): a new outbox row, same body."""

from __future__ import annotations

import uuid

from helpcenter.notifications.outbox import queue_webhook
from helpcenter.webhooks.models import WebhookDelivery


def redeliver(delivery: WebhookDelivery) -> None:
    original = delivery.outbox
    queue_webhook(
        url=delivery.endpoint.url,
        body=original.context["body"],
        dedupe_key=f"redeliver:{delivery.pk}:{uuid.uuid4().hex}",
        endpoint_id=delivery.endpoint_id,
        event=delivery.event,
    )
