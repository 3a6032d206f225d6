"""The contract applied to tickets: stored deadlines, pauses, recomputation, notifications."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from helpcenter.audit.models import AuditEvent
from helpcenter.notifications.delivery import deliver_due
from helpcenter.notifications.models import OutboxMessage
from helpcenter.slas import jobs
from helpcenter.slas.compute import evaluate_ticket
from helpcenter.slas.models import BusinessCalendar, SlaClock, SlaPolicy
from helpcenter.tickets import actions
from helpcenter.tickets.models import Ticket
from helpcenter.tickets.statuses import ActionRefused, Status
from tests.helpers import open_ticket

FRIDAY_1730 = dt.datetime.fromisoformat("2026-11-27T17:30:00-03:00")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def clocks(ticket) -> dict[str, SlaClock]:
    return {c.kind: c for c in SlaClock.objects.filter(ticket=ticket)}


@pytest.fixture
def friday(world):
    with time_machine.travel(FRIDAY_1730, tick=False) as traveller:
        yield traveller


def test_p3_opened_friday_evening_gets_the_contracts_deadlines(world, friday):
    ticket = open_ticket(world, priority="P3")
    c = clocks(ticket)
    assert ticket.sla_policy.name == "Padrão · P3 Médio"
    assert c["first_response"].due_at == at("2026-11-30T11:30:00+00:00")
    assert c["triage"].due_at == at("2026-11-30T12:30:00+00:00")
    assert c["resolution"].due_at == at("2026-12-02T14:30:00+00:00")
    # 75% warnings: 45 min and 18 h of business time (30 min count on Friday).
    assert c["first_response"].warn_at == at("2026-11-30T08:15:00-03:00")
    assert c["resolution"].warn_at == at("2026-12-01T15:30:00-03:00")
    assert {x.state for x in c.values()} == {"running"}
    assert Ticket.objects.get(pk=ticket.pk).sla_next_due == at("2026-11-30T11:30:00+00:00")


def test_p1_counts_around_the_clock(world, friday):
    ticket = open_ticket(world, priority="P1")
    c = clocks(ticket)
    assert c["first_response"].due_at == FRIDAY_1730 + dt.timedelta(hours=1)
    assert c["triage"].due_at == FRIDAY_1730 + dt.timedelta(hours=2)
    assert c["resolution"].due_at == FRIDAY_1730 + dt.timedelta(hours=6)


def test_confirmation_email_states_commitments_in_local_time(world, friday, mailoutbox):
    open_ticket(world, priority="P3")
    deliver_due()
    body = mailoutbox[0].body
    assert "Primeira resposta: até 30 de novembro de 2026 às 08:30 (America/Sao_Paulo)" in body
    assert "Resolução: até 2 de dezembro de 2026 às 11:30 (America/Sao_Paulo)" in body


def test_agent_first_public_reply_meets_first_response_client_reply_does_not(world, friday):
    ticket = open_ticket(world, priority="P2")
    actions.add_reply(ticket, body="more info", actor=world.client_a)
    assert clocks(ticket)["first_response"].met_at is None
    friday.shift(dt.timedelta(minutes=20))
    actions.add_reply(ticket, body="Looking into it", actor=world.agent)
    first = clocks(ticket)["first_response"]
    assert first.met_at == FRIDAY_1730 + dt.timedelta(minutes=20)
    assert first.state == "met" and first.breached is False
    assert Ticket.objects.get(pk=ticket.pk).first_response_at == first.met_at


def test_triage_meets_triage_target_and_assigns(world, friday):
    ticket = open_ticket(world, priority="P2")
    friday.shift(dt.timedelta(minutes=30))
    actions.triage_ticket(
        ticket,
        ticket_type="incident",
        priority="P2",
        service=world.service_a2,
        assignee=world.agent,
        actor=world.agent,
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS and ticket.assignee == world.agent
    assert ticket.service == world.service_a2
    triage = clocks(ticket)["triage"]
    assert triage.met_at == FRIDAY_1730 + dt.timedelta(minutes=30) and triage.state == "met"
    assert AuditEvent.objects.filter(ticket=ticket, type="ticket.triaged").count() == 1


def snapshot(ticket):
    t = Ticket.objects.get(pk=ticket.pk)
    return (
        t.status,
        t.priority,
        t.version,
        t.assignee_id,
        AuditEvent.objects.count(),
        sorted((c.kind, c.due_at) for c in SlaClock.objects.filter(ticket=ticket)),
    )


def test_priority_change_without_reason_is_refused_and_changes_nothing(world, friday):
    ticket = open_ticket(world, priority="P3")
    before = snapshot(ticket)
    with pytest.raises(ActionRefused):
        actions.triage_ticket(
            ticket,
            ticket_type="incident",
            priority="P1",
            service=world.service_a,
            assignee=world.agent,
            actor=world.agent,
        )
    with pytest.raises(ActionRefused):
        actions.change_priority(ticket, priority="P1", reason="  ", actor=world.agent)
    assert snapshot(ticket) == before


def test_priority_change_recomputes_from_opening_under_new_calendar(world, friday):
    ticket = open_ticket(world, priority="P3")
    friday.shift(dt.timedelta(minutes=10))
    actions.change_priority(ticket, priority="P1", reason="Whole site down", actor=world.agent)
    c = clocks(ticket)
    assert c["resolution"].due_at == FRIDAY_1730 + dt.timedelta(hours=6)  # 24x7 from the opening
    event = AuditEvent.objects.get(ticket=ticket, type="ticket.priority_changed")
    assert event.data["before"]["priority"] == "P3" and event.data["reason"] == "Whole site down"
    assert Ticket.objects.get(pk=ticket.pk).sla_policy.priority == "P1"


def test_waiting_on_client_pauses_resolution_and_resumes_where_it_stopped(world, friday):
    ticket = open_ticket(world, priority="P1")  # 24x7: easy arithmetic
    actions.triage_ticket(
        ticket,
        ticket_type="incident",
        priority="P1",
        service=world.service_a,
        assignee=world.agent,
        actor=world.agent,
    )
    friday.shift(dt.timedelta(hours=1))
    actions.change_status(ticket, status=Status.WAITING_ON_CLIENT, actor=world.agent)
    paused = clocks(ticket)["resolution"]
    assert paused.state == "paused" and paused.due_at is None and paused.warn_at is None
    assert paused.used_seconds == 3600
    friday.shift(dt.timedelta(hours=10))  # the client takes 10 hours to answer
    actions.add_reply(ticket, body="Here are the logs", actor=world.client_a)
    resumed = clocks(ticket)["resolution"]
    assert Ticket.objects.get(pk=ticket.pk).status == Status.IN_PROGRESS
    assert resumed.state == "running"
    assert resumed.due_at == FRIDAY_1730 + dt.timedelta(hours=16)  # 6 h of work + 10 h paused


def test_reopened_ticket_resumes_with_time_already_used(world, friday):
    ticket = open_ticket(world, priority="P1")
    friday.shift(dt.timedelta(hours=2))
    actions.resolve_ticket(ticket, actor=world.agent)
    res = clocks(ticket)["resolution"]
    assert res.state == "met" and res.met_at == FRIDAY_1730 + dt.timedelta(hours=2)
    friday.shift(dt.timedelta(hours=5))
    actions.reopen_ticket(ticket, actor=world.client_a, reason="Still failing")
    res = clocks(ticket)["resolution"]
    assert res.state == "running" and res.met_at is None
    assert res.used_seconds == 2 * 3600
    assert res.due_at == FRIDAY_1730 + dt.timedelta(hours=7 + 4)


def test_planned_has_no_clocks_until_a_window_is_agreed(world, friday):
    ticket = open_ticket(
        world,
        priority="planned",
        planned_start=dt.date(2026, 12, 1),
        planned_end=dt.date(2026, 12, 10),
    )
    assert clocks(ticket) == {}
    actions.agree_window(
        ticket, start=dt.date(2026, 12, 2), end=dt.date(2026, 12, 4), actor=world.agent
    )
    planned = clocks(ticket)["planned"]
    assert planned.due_at == at("2026-12-05T00:00:00-03:00") and planned.state == "running"
    with time_machine.travel(at("2026-12-05T00:00:01-03:00"), tick=False):
        assert jobs.run(now=timezone.now()) == 1
    planned.refresh_from_db()
    assert planned.state == "breached" and planned.breached


def test_organization_and_type_policies_take_precedence(world, friday):
    business = BusinessCalendar.objects.get(always_open=False)
    SlaPolicy.objects.create(
        name="Org A requests P3",
        organization=world.org_a,
        ticket_type="request",
        priority="P3",
        calendar=business,
        first_response_minutes=30,
        triage_minutes=60,
        resolution_minutes=120,
    )
    request = open_ticket(world, priority="P3", type="request")
    incident = open_ticket(world, priority="P3", type="incident")
    other = open_ticket(world, requester=world.client_b, priority="P3", type="request")
    assert request.sla_policy.name == "Org A requests P3"
    assert clocks(request)["resolution"].due_at == at("2026-11-30T09:30:00-03:00")
    assert incident.sla_policy.name == other.sla_policy.name == "Padrão · P3 Médio"


def test_warning_then_breach_each_sent_exactly_once(world, friday):
    ticket = open_ticket(world, priority="P1")
    OutboxMessage.objects.all().delete()
    now = FRIDAY_1730 + dt.timedelta(minutes=46)  # past 75% of the first response
    assert jobs.run(now=now) == 1
    assert jobs.run(now=now) == 0  # a second worker finds nothing more
    warning = OutboxMessage.objects.get(template="sla_warning")
    # Unassigned, no triage address, nobody on call: the lead (the admins), never every agent.
    assert warning.to == "admin@support.example"
    now = FRIDAY_1730 + dt.timedelta(minutes=61)
    assert jobs.run(now=now) == 1  # first response breached
    breach = OutboxMessage.objects.filter(template="sla_breached")
    assert [m.to for m in breach] == ["admin@support.example"]
    clock = clocks(ticket)["first_response"]
    assert clock.state == "breached" and clock.breached and clock.breach_notified_at == now
    assert jobs.run(now=now) == 0
    event = AuditEvent.objects.get(ticket=ticket, type="sla.breached")
    assert event.public and event.data["clock"] == "first_response"
    # Answering late keeps the breach on record.
    friday.move_to(now + dt.timedelta(minutes=5))
    actions.add_reply(ticket, body="Sorry for the delay", actor=world.agent)
    clock = clocks(ticket)["first_response"]
    assert clock.state == "breached" and clock.met_at is not None


def test_breach_goes_to_assignee_and_lead(world, friday, settings):
    settings.SUPPORT_LEAD_EMAIL = "lead@support.example"
    ticket = open_ticket(world, priority="P1")
    actions.triage_ticket(
        ticket,
        ticket_type="incident",
        priority="P1",
        service=world.service_a,
        assignee=world.agent,
        actor=world.agent,
    )
    jobs.run(now=FRIDAY_1730 + dt.timedelta(hours=7))
    # First response (never answered) and resolution were missed; triage was met.
    breaches = OutboxMessage.objects.filter(template="sla_breached")
    assert sorted((m.context["clock_id"], m.to) for m in breaches) == sorted(
        (c.pk, to)
        for c in SlaClock.objects.filter(ticket=ticket, kind__in=["first_response", "resolution"])
        for to in ("agent@support.example", "lead@support.example")
    )


def test_due_queries_use_the_partial_indexes(world, friday):
    from django.db import connection

    open_ticket(world, priority="P1")
    sql, params = jobs.due_breaches(timezone.now()).query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row) for row in cursor.fetchall())
    assert "slaclock_breach_due_idx" in plan


def test_ledger_explains_the_time_used(world, friday):
    ticket = open_ticket(world, priority="P3")
    with time_machine.travel(at("2026-11-30T10:00:00-03:00"), tick=False):
        results, _ = evaluate_ticket(Ticket.objects.get(pk=ticket.pk), ledger=True)
    resolution = results["resolution"]
    kinds = [s.kind for s in resolution.segments]
    assert kinds == ["working", "closed", "working"]
    assert sum((s.working for s in resolution.segments), dt.timedelta()) == resolution.used
    assert resolution.used == dt.timedelta(hours=2, minutes=30)


def test_sla_due_command_prints_utc_json(world, capsys):
    call_command("sla_due", "--priority", "P3", "--opened-at", "2026-11-27T17:30:00-03:00")
    assert json.loads(capsys.readouterr().out) == {
        "first_response_due": "2026-11-30T11:30:00+00:00",
        "triage_due": "2026-11-30T12:30:00+00:00",
        "resolution_due": "2026-12-02T14:30:00+00:00",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--priority", "P9", "--opened-at", "2026-11-27T17:30:00-03:00"], "unknown priority"),
        (["--priority", "P3", "--opened-at", "2026-11-27T17:30:00"], "needs a UTC offset"),
        (["--priority", "P3", "--opened-at", "yesterday"], "not an ISO 8601"),
    ],
)
def test_sla_due_command_bad_input_exits_2(args, message, tmp_path):
    root = Path(__file__).resolve().parent.parent
    db = tmp_path / "what-if.sqlite3"
    env = {"DEBUG": "1", "DATABASE_URL": f"sqlite:///{db}", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "manage.py", "sla_due", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
