"""The ticket's history shows each SLA target met in time, beside the events."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from helpcenter.tickets import actions
from tests.helpers import open_ticket

ZONE = ZoneInfo("America/Sao_Paulo")


def test_a_first_response_in_time_is_a_history_line_for_the_client(client, world):
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=ZONE), tick=False):
        ticket = open_ticket(world, priority="P3")
    with time_machine.travel(datetime(2026, 11, 25, 10, 30, tzinfo=ZONE), tick=False):
        actions.add_reply(ticket, actor=world.agent, body="Olhando agora.")
    client.force_login(world.client_a)
    with time_machine.travel(datetime(2026, 11, 25, 11, 0, tzinfo=ZONE), tick=False):
        response = client.get(reverse("portal:ticket_detail", args=[ticket.pk]))
    lines = [line.label for line in response.context["events"]]
    met = [label for label in lines if "meta cumprida" in label or "target met" in label]
    assert len(met) == 1 and lines.index(met[0]) > 0  # after the opening, in time order
    assert met[0] in response.content.decode()
