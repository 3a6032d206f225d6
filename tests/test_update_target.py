"""The periodic-update target (issue 30, item 4): after the first response a P1 gets a
public update every 30 minutes and a P2 every 2 hours (the default contract), met by
any public reply of the team or a major incident's update, paused while waiting on
the client; the on-call agent is reminded before it lapses and paged when it does."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from helpcenter.incidents import actions as incident_actions
from helpcenter.notifications.models import OutboxMessage
from helpcenter.oncall.models import Page, Rota, RotaMember
from helpcenter.oncall.paging import escalate_due
from helpcenter.reports import selectors as report_selectors
from helpcenter.slas import jobs
from helpcenter.slas.models import SlaClock, SlaPolicy
from helpcenter.tickets import actions
from tests.conftest import make_user
from tests.helpers import deliver_incident_updates, open_ticket, triaged

T0 = dt.datetime.fromisoformat("2026-11-24T02:00:00-03:00")  # a Tuesday night
M = dt.timedelta(minutes=1)


@pytest.fixture
def night():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def _update_clock(ticket) -> SlaClock | None:
    return SlaClock.objects.filter(ticket=ticket, kind="update").first()


@pytest.fixture
def on_call(world):
    """Paula is on call (the rota's one member) from an hour before T0."""
    person = make_user("plantao@support.example", "agent", name="Paula Plantão")
    rota = Rota.objects.create(name="Plantão", anchor=T0 - dt.timedelta(hours=1))
    RotaMember.objects.create(rota=rota, user=person, position=0)
    return person


def test_the_default_contract_sets_30_minutes_for_p1_and_2_hours_for_p2(world):
    minutes = dict(
        SlaPolicy.objects.filter(organization=None, ticket_type="").values_list(
            "priority", "update_minutes"
        )
    )
    assert minutes == {"P1": 30, "P2": 120, "P3": None, "P4": None, "planned": None}


def test_rounds_start_at_the_first_response_and_at_each_public_update(world, night):
    ticket = open_ticket(world, priority="P1")
    assert _update_clock(ticket) is None  # the first-response target covers this time
    night.shift(10 * M)
    actions.add_reply(ticket, body="Investigating.", actor=world.agent)
    clock = _update_clock(ticket)
    assert clock is not None and clock.state == "running"
    assert clock.due_at == T0 + 40 * M
    night.shift(20 * M)
    actions.add_reply(ticket, body="Thanks", actor=world.client_a)  # a client's reply
    actions.add_internal_note(ticket, body="db failover", actor=world.agent)  # internal
    assert _update_clock(ticket).due_at == T0 + 40 * M
    actions.add_reply(ticket, body="Failover running.", actor=world.agent)
    clock = _update_clock(ticket)
    assert clock.due_at == T0 + 60 * M and not clock.breached
    ticket.refresh_from_db()
    assert ticket.sla_next_due <= T0 + 60 * M


def test_a_late_update_is_missed_for_good_and_resolving_ends_the_rounds(world, night):
    ticket = triaged(world, open_ticket(world, priority="P1"))
    actions.add_reply(ticket, body="On it.", actor=world.agent)
    night.shift(45 * M)
    actions.add_reply(ticket, body="Still on it.", actor=world.agent)
    clock = _update_clock(ticket)
    assert clock.state == "running" and clock.breached  # one round ran late
    assert clock.due_at == T0 + 75 * M
    night.shift(5 * M)
    ticket.refresh_from_db()
    actions.resolve_ticket(ticket, actor=world.agent, note="Fixed.")
    clock = _update_clock(ticket)
    assert clock.met_at is not None and clock.breached
    # The reports count the ticket's update target as missed.
    row = next(
        r
        for r in report_selectors.compliance(
            report_selectors.Scope(
                organization_ids=[world.org_a.pk],
                start=dt.date(2026, 11, 1),
                end=dt.date(2026, 12, 1),
            )
        )
        if r.target == "update"
    )
    assert (row.decided, row.missed) == (1, 1)


def test_waiting_on_the_client_pauses_it_and_p3_has_none(world, night):
    ticket = triaged(world, open_ticket(world, priority="P1"))
    actions.add_reply(ticket, body="Can you send the logs?", actor=world.agent)
    ticket.refresh_from_db()
    actions.change_status(ticket, status="waiting_on_client", actor=world.agent)
    clock = _update_clock(ticket)
    assert clock.state == "paused" and clock.due_at is None
    low = open_ticket(world, priority="P3")
    actions.add_reply(low, body="Looking.", actor=world.agent)
    assert _update_clock(low) is None


def test_reminded_before_it_lapses_and_paged_when_it_does(world, night, on_call):
    ticket = triaged(world, open_ticket(world, priority="P1"))
    actions.add_reply(ticket, body="On it.", actor=world.agent)
    Page.objects.all().delete()  # the page for the new P1 is not what this is about
    OutboxMessage.objects.filter(template="page").delete()

    jobs.run(now=T0 + 23 * M)  # 75 % of 30 minutes
    warned = OutboxMessage.objects.filter(template="sla_warning")
    assert sorted(m.to for m in warned) == ["agent@support.example", "plantao@support.example"]

    jobs.run(now=T0 + 31 * M)
    page = Page.objects.get(ticket=ticket)
    assert (page.user, page.reason) == (on_call, "update_overdue")
    mail = OutboxMessage.objects.get(template="page")
    assert mail.to == "plantao@support.example"
    jobs.run(now=T0 + 32 * M)
    assert Page.objects.filter(ticket=ticket).count() == 1  # once per lapse

    # Not answered by the ticket's having been answered before: it escalates...
    assert escalate_due(now=page.escalate_at + M) == 1
    page.refresh_from_db()
    assert page.escalated_at is not None and page.acknowledged_at is None


def test_an_update_given_answers_the_page(world, night, on_call):
    ticket = triaged(world, open_ticket(world, priority="P1"))
    actions.add_reply(ticket, body="On it.", actor=world.agent)
    Page.objects.all().delete()
    jobs.run(now=T0 + 31 * M)
    page = Page.objects.get(ticket=ticket, reason="update_overdue")
    night.move_to(T0 + 33 * M)
    actions.add_reply(ticket, body="Update: failover done.", actor=on_call)
    escalate_due(now=page.escalate_at + M)
    page.refresh_from_db()
    assert page.acknowledged_at is not None and page.escalated_at is None


def test_an_incident_update_meets_it_on_every_linked_ticket(world, night):
    a = triaged(world, open_ticket(world, priority="P1"))
    b = triaged(world, open_ticket(world, requester=world.client_b, priority="P2"))
    incident = incident_actions.declare_incident(
        title="Pagamentos fora do ar",
        impact="Pagamentos recusados",
        services=[world.service_a, world.service_b],
        commander=world.agent,
        actor=world.agent,
        tickets=[a, b],
    )
    incident_actions.post_update(
        incident, body="Investigando.", public=True, state="investigating", actor=world.agent
    )
    deliver_incident_updates()
    night.shift(25 * M)
    incident_actions.post_update(
        incident, body="Causa identificada.", public=True, state="identified", actor=world.agent
    )
    deliver_incident_updates()
    assert _update_clock(a).due_at == T0 + 55 * M
    assert _update_clock(b).due_at == T0 + 25 * M + dt.timedelta(hours=2)


def test_clients_and_agents_see_it_on_the_ticket_page(client, world, night):
    ticket = open_ticket(world, priority="P1")
    actions.add_reply(ticket, body="On it.", actor=world.agent)
    night.shift(10 * M)
    actions.add_reply(ticket, body="Still on it.", actor=world.agent)
    for person in (world.client_a, world.agent):
        client.force_login(person)
        page = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
        assert 'id="sla-update"' in page and "Próxima atualização" in page
        assert "2 atualizações até agora" in page


def test_the_new_ticket_form_promises_the_update_cadence(world, night):
    from helpcenter.slas.promise import promise_for

    urgent = promise_for(
        organization_id=world.org_a.pk, ticket_type="incident", priority="P1", now=T0
    )
    assert urgent is not None and urgent.update_every == dt.timedelta(minutes=30)
    assert "Next update" not in [str(label) for label, _due in urgent.dues]
    low = promise_for(organization_id=world.org_a.pk, ticket_type="incident", priority="P3", now=T0)
    assert low is not None and low.update_every is None


def test_the_api_gives_the_next_update_due(world, night):
    from django.test import Client

    from helpcenter.api.actions import create_token

    ticket = open_ticket(world, priority="P1")
    secret = create_token(world.client_a, name="ERP", actor=world.client_a)[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get(f"/api/v1/tickets/{ticket.pk}").json()["sla"]["update"] is None
    actions.add_reply(ticket, body="On it.", actor=world.agent)
    update = api.get(f"/api/v1/tickets/{ticket.pk}").json()["sla"]["update"]
    assert update["due_at"].startswith("2026-11-24T05:30:00")  # 30 min after, in UTC
    assert update["breached"] is False
