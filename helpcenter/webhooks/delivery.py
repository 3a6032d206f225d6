"""The worker's delivery of every signed webhook (on-call pages and integration
endpoints alike, through core.webhooks.post_signed), each attempt logged."""

from __future__ import annotations

import time

from helpcenter.core.webhooks import DeliveryFailed, UnsafeTarget, post_signed
from helpcenter.oncall.models import AllowedWebhookHost, Rota
from helpcenter.webhooks.models import WebhookDelivery, WebhookEndpoint


def _secret_and_endpoint(message) -> tuple[str, WebhookEndpoint | None]:
    from helpcenter.notifications.delivery import Undeliverable

    context = message.context
    if "endpoint_id" in context:
        endpoint = WebhookEndpoint.objects.filter(pk=context["endpoint_id"]).first()
        if endpoint is None or not endpoint.is_active:
            raise Undeliverable("webhook endpoint deleted or turned off")
        return endpoint.secret, endpoint
    rota = Rota.objects.filter(pk=context.get("rota_id")).first()
    if rota is None:
        raise Undeliverable("rota deleted")
    return rota.webhook_secret, None


def send_webhook(message) -> None:
    from helpcenter.notifications.delivery import Undeliverable

    secret, endpoint = _secret_and_endpoint(message)
    event = str(message.context.get("event", "page"))
    log = WebhookDelivery(endpoint=endpoint, outbox=message, event=event) if endpoint else None
    started = time.monotonic()
    try:
        status = post_signed(
            message.url,
            message.context["body"].encode(),
            secret,
            is_allowed=AllowedWebhookHost.is_allowed,
            extra_headers={"X-Helpcenter-Event": event, "X-Helpcenter-Delivery": str(message.pk)},
        )
    except UnsafeTarget as exc:
        _log(log, started, error=str(exc))
        raise Undeliverable(str(exc)) from None
    except DeliveryFailed as exc:
        _log(log, started, status=exc.status, error=str(exc))
        raise
    _log(log, started, status=status)


def _log(log, started: float, *, status: int | None = None, error: str = "") -> None:
    if log is None:
        return
    log.duration_ms = int((time.monotonic() - started) * 1000)
    log.status_code = status
    log.error = error[:500]
    log.save()
