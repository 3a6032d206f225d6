"""What the outbox needs for on-call pages: the page e-mail's context and the signed
webhook's delivery (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from helpcenter.core.links import absolute_url
from helpcenter.oncall.models import AllowedWebhookHost, Page, Rota
from helpcenter.oncall.webhooks import UnsafeTarget, post_signed


def page_context(data: dict[str, Any], context: dict[str, Any]) -> None:
    if "page_id" in data:
        context["page"] = Page.objects.select_related("rota").get(pk=data["page_id"])
        context["ack_url"] = absolute_url("oncall:ack_email", data["token"])


def send_webhook(message) -> None:
    from helpcenter.notifications.delivery import Undeliverable

    rota = Rota.objects.filter(pk=message.context.get("rota_id")).first()
    if rota is None:
        raise Undeliverable("rota deleted")
    try:
        post_signed(
            message.url,
            message.context["body"].encode(),
            rota.webhook_secret,
            is_allowed=AllowedWebhookHost.is_allowed,
        )
    except UnsafeTarget as exc:
        raise Undeliverable(str(exc)) from None
