"""Back-testing: the same engine replays stored history under a proposed policy."""

from __future__ import annotations

import json
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from helpcenter.reports.backtest import backtest_calendar, backtest_policy
from helpcenter.tickets import actions
from tests.helpers import open_ticket

ZONE = ZoneInfo("America/Sao_Paulo")


@pytest.fixture
def answered(world):
    """A P3 opened Wednesday 10:00 and first answered at 10:45 (45 working minutes)."""
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=ZONE), tick=False):
        ticket = open_ticket(world, priority="P3")
    with time_machine.travel(datetime(2026, 11, 25, 10, 45, tzinfo=ZONE), tick=False):
        actions.add_reply(ticket, actor=world.agent, body="Olhando agora.")
    ticket.refresh_from_db()
    assert ticket.sla_policy is not None and ticket.first_response_at is not None
    return ticket


def test_a_shorter_first_response_target_flips_the_ticket_to_missed(answered):
    policy = answered.sla_policy
    with time_machine.travel(datetime(2026, 11, 26, 12, 0, tzinfo=ZONE), tick=False):
        same = backtest_policy(policy, months=1, minutes={})
        shorter = backtest_policy(policy, months=1, minutes={"first_response": 30})
        longer = backtest_policy(policy, months=1, minutes={"first_response": 120})
    assert same.tickets == 1 and same.flips == [] and same.current == same.proposed
    assert shorter.current["first_response"] == 100.0
    assert shorter.proposed["first_response"] == 0.0
    assert [(f.ticket_id, f.target, f.current, f.proposed) for f in shorter.flips] == [
        (answered.pk, "first_response", "met", "missed")
    ]
    assert longer.flips == [] and longer.proposed["first_response"] == 100.0


def test_a_calendar_open_around_the_clock_counts_the_night(world):
    """Opened Wednesday 17:30, answered Thursday 08:20: 50 working minutes in business
    hours (30 on Wednesday, 20 on Thursday: met), 14 h 50 min around the clock (missed)."""
    with time_machine.travel(datetime(2026, 11, 25, 17, 30, tzinfo=ZONE), tick=False):
        ticket = open_ticket(world, priority="P3")
    with time_machine.travel(datetime(2026, 11, 26, 8, 20, tzinfo=ZONE), tick=False):
        actions.add_reply(ticket, actor=world.agent, body="Bom dia.")
    ticket.refresh_from_db()
    with time_machine.travel(datetime(2026, 11, 26, 12, 0, tzinfo=ZONE), tick=False):
        result = backtest_calendar(ticket.sla_policy.calendar, months=1, always_open=True)
    assert result.current["first_response"] == 100.0
    assert result.proposed["first_response"] == 0.0


def test_the_command_prints_the_same_as_json(answered):
    out = StringIO()
    with time_machine.travel(datetime(2026, 11, 26, 12, 0, tzinfo=ZONE), tick=False):
        call_command(
            "sla_backtest",
            "--policy",
            str(answered.sla_policy_id),
            "--first-response",
            "30",
            "--months",
            "1",
            stdout=out,
        )
    data = json.loads(out.getvalue())
    assert data["tickets"] == 1
    assert data["compliance"]["first_response"] == {"current": 100.0, "proposed": 0.0}
    assert data["flips"][0]["ticket_id"] == answered.pk


def test_the_command_explains_bad_input(world):
    with pytest.raises(CommandError, match="either --policy or --for-calendar"):
        call_command("sla_backtest")
    with pytest.raises(CommandError, match="no SLA policy"):
        call_command("sla_backtest", "--policy", "999999")
    with pytest.raises(CommandError, match="between 1 and 24"):
        call_command("sla_backtest", "--policy", "1", "--months", "99")


def test_admins_back_test_on_a_page(client, world, answered):
    client.force_login(world.admin)
    url = reverse("reports:backtest")
    with time_machine.travel(datetime(2026, 11, 26, 12, 0, tzinfo=ZONE), tick=False):
        page = client.get(
            url,
            {
                "what": "policy",
                "policy": answered.sla_policy_id,
                "first_response_minutes": 30,
                "months": 1,
            },
        )
    assert page.status_code == 200 and page.context["result"].tickets == 1
    assert answered.number in page.content.decode()
    bad = client.get(
        url,
        {
            "what": "calendar",
            "for_calendar": answered.sla_policy.calendar_id,
            "hours": '{"9": ["25:00-26:00"]}',
            "months": 1,
        },
    )
    assert bad.status_code == 400 and "hours" in bad.context["calendar_form"].errors
    client.force_login(world.agent)
    assert client.get(url).status_code == 404
