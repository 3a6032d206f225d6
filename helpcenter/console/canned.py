"""Filling a canned response's placeholders. Plain substitution: no template language,
so a response written by an agent can never execute anything."""

from __future__ import annotations

import re

from django.conf import settings

from helpcenter.accounts.models import User
from helpcenter.console.models import CannedResponse
from helpcenter.tickets.models import Ticket

PLACEHOLDER = re.compile(r"\{([a-z]+\.[a-z]+)\}")


def render_canned(response: CannedResponse, *, ticket: Ticket, agent: User) -> str:
    values = {
        "ticket.number": ticket.number,
        "ticket.title": ticket.title,
        "requester.name": ticket.requester.display_name,
        "organization.name": ticket.organization.name,
        "agent.name": agent.display_name,
        "hotline.phone": settings.SUPPORT_HOTLINE_PHONE,
        "hotline.email": settings.SUPPORT_HOTLINE_EMAIL,
    }
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), response.body)
