"""What the outbox needs for on-call pages: the page e-mail's context (registered in
apps.py). Their signed webhooks are delivered by the webhooks app, like every webhook."""

from __future__ import annotations

from typing import Any

from helpcenter.core.links import absolute_url
from helpcenter.oncall.models import Page


def page_context(data: dict[str, Any], context: dict[str, Any]) -> None:
    if "page_id" in data:
        context["page"] = Page.objects.select_related("rota").get(pk=data["page_id"])
        context["ack_url"] = absolute_url("oncall:ack_email", data["token"])
