"""What the outbox needs for the accounts' e-mails (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from helpcenter.accounts.models import Invitation, User
from helpcenter.core.links import absolute_url


def invitation_context(data: dict[str, Any], context: dict[str, Any]) -> None:
    if "invitation_id" in data:
        context["invitation"] = Invitation.objects.select_related("organization", "invited_by").get(
            pk=data["invitation_id"]
        )
        context["accept_url"] = absolute_url("accounts:accept_invitation", data["token"])


def login_address_context(data: dict[str, Any], context: dict[str, Any]) -> None:
    if "new_email" in data and "user_id" in data:
        context["person"] = User.objects.get(pk=data["user_id"])
        context["new_email"] = data["new_email"]
        context["done"] = bool(data.get("done"))
        if data.get("token"):
            context["confirm_url"] = absolute_url("accounts:confirm_login_address", data["token"])


def render_password_reset(message):
    from helpcenter.accounts.password_reset import render_reset

    return render_reset(message.to)
