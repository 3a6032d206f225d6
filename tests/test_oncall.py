"""On-call: the rota's arithmetic, paging out of hours, escalation, acknowledgement, webhooks."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from helpcenter.core.webhooks import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    UnsafeTarget,
    check_target,
    verify,
)
from helpcenter.notifications.delivery import deliver_due
from helpcenter.notifications.models import OutboxMessage, OutboxStatus
from helpcenter.oncall import paging
from helpcenter.oncall.models import AllowedWebhookHost, Page, Rota, RotaMember, RotaOverride
from helpcenter.oncall.schedule import on_call, upcoming
from helpcenter.tickets import actions
from tests.conftest import free_port, make_user
from tests.helpers import open_ticket

SATURDAY_3AM = dt.datetime.fromisoformat("2026-11-21T03:00:00-03:00")
WEDNESDAY_10AM = dt.datetime.fromisoformat("2026-11-18T10:00:00-03:00")


@pytest.fixture
def rota(world):
    second = make_user("bruno@support.example", "agent", name="Bruno Plantão")
    third = make_user("carla@support.example", "agent", name="Carla Plantão")
    rota = Rota.objects.create(
        name="Plantão",
        anchor=dt.datetime.fromisoformat("2026-11-02T08:00:00-03:00"),
        shift_days=7,
        escalate_after_minutes=15,
    )
    for position, user in enumerate([world.agent, second, third]):
        RotaMember.objects.create(rota=rota, user=user, position=position)
    rota.people = [world.agent, second, third]
    return rota


def test_weekly_rotation_hands_over_monday_0800(rota):
    at = dt.datetime.fromisoformat
    assert on_call(rota, at("2026-11-02T08:00:00-03:00")).user == rota.people[0]
    assert on_call(rota, at("2026-11-09T07:59:00-03:00")).user == rota.people[0]
    assert on_call(rota, at("2026-11-09T08:00:00-03:00")).user == rota.people[1]
    assert on_call(rota, at("2026-11-16T08:00:00-03:00")).user == rota.people[2]
    assert on_call(rota, at("2026-11-23T08:00:00-03:00")).user == rota.people[0]
    shifts = upcoming(rota, at("2026-11-21T03:00:00-03:00"), 2)
    assert [s.user for s in shifts] == [rota.people[2], rota.people[0]]
    assert shifts[1].start == at("2026-11-23T08:00:00-03:00")


def test_override_wins(rota, world):
    RotaOverride.objects.create(
        rota=rota,
        user=world.manager,
        reason="swap",
        starts_at=dt.datetime.fromisoformat("2026-11-20T18:00:00-03:00"),
        ends_at=dt.datetime.fromisoformat("2026-11-22T18:00:00-03:00"),
    )
    shift = on_call(rota, SATURDAY_3AM)
    assert shift.user == world.manager and shift.override


def test_p1_out_of_hours_pages_on_call_by_email_and_webhook(world, rota):
    rota.webhook_url = "https://hooks.example.com/page"
    rota.save()
    with time_machine.travel(SATURDAY_3AM, tick=False):
        ticket = open_ticket(world, priority="P1")
    page = Page.objects.get()
    assert page.user == rota.people[2] and page.level == 0 and page.reason == "opened"
    assert OutboxMessage.objects.filter(template="page", to="carla@support.example").count() == 1
    hook = OutboxMessage.objects.get(kind="webhook")
    body = json.loads(hook.context["body"])
    assert (
        body["ticket"]["number"] == ticket.number
        and body["on_call"]["email"] == "carla@support.example"
    )
    assert not OutboxMessage.objects.filter(template="urgent_ticket").exists()


def test_p1_in_business_hours_notifies_whole_team(world, rota):
    with time_machine.travel(WEDNESDAY_10AM, tick=False):
        open_ticket(world, priority="P2")
    assert Page.objects.count() == 0
    assert sorted(
        OutboxMessage.objects.filter(template="urgent_ticket").values_list("to", flat=True)
    ) == sorted(u.email for u in rota.people)


def test_p3_pages_nobody(world, rota):
    with time_machine.travel(SATURDAY_3AM, tick=False):
        open_ticket(world, priority="P3")
    assert Page.objects.count() == 0


def test_raised_to_p1_out_of_hours_pages(world, rota):
    with time_machine.travel(SATURDAY_3AM, tick=False):
        ticket = open_ticket(world, priority="P3")
        actions.change_priority(ticket, priority="P1", reason="everything down", actor=world.agent)
    assert Page.objects.get().reason == "raised"


def test_unacknowledged_page_escalates_to_next_person_then_ack_stops_it(client, world, rota):
    with time_machine.travel(SATURDAY_3AM, tick=False) as traveller:
        ticket = open_ticket(world, priority="P1")
        first = Page.objects.get()
        traveller.shift(dt.timedelta(minutes=14))
        assert paging.escalate_due(now=timezone.now()) == 0
        traveller.shift(dt.timedelta(minutes=1))
        assert paging.escalate_due(now=timezone.now()) == 1
        assert paging.escalate_due(now=timezone.now()) == 0  # once only
        second = Page.objects.exclude(pk=first.pk).get()
        assert second.user == rota.people[0] and second.level == 1  # wraps to the first member
        # The second person acknowledges from the e-mail link: one button, then done.
        message = OutboxMessage.objects.get(template="page", to=rota.people[0].email)
        token = message.context["token"]
        url = reverse("oncall:ack_email", args=[token])
        assert client.get(url).status_code == 200
        assert (
            Page.objects.filter(acknowledged_at__isnull=False).count() == 0
        )  # GET changes nothing
        client.post(url)
        second.refresh_from_db()
        assert second.acknowledged_at is not None and second.acknowledged_by == rota.people[0]
        traveller.shift(dt.timedelta(minutes=30))
        assert paging.escalate_due(now=timezone.now()) == 0
    assert ticket.events.filter(type="oncall.acknowledged").count() == 1


def test_ack_from_console(client, world, rota):
    with time_machine.travel(SATURDAY_3AM, tick=False):
        open_ticket(world, priority="P1")
    page = Page.objects.get()
    client.force_login(world.agent)
    html = client.get(reverse("oncall:index")).content.decode()
    assert "Carla Plantão" in html and "+55 11 5194-1410" in html
    client.post(reverse("oncall:ack_console", args=[page.pk]))
    page.refresh_from_db()
    assert page.acknowledged_by == world.agent


def test_bad_ack_token_is_404(client, db):
    assert client.get(reverse("oncall:ack_email", args=["nope"])).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "http://localhost/x",
        "http://10.0.0.5/x",
        "http://192.168.1.1/x",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/x",
        "ftp://example.com/x",
    ],
)
def test_internal_targets_are_refused(db, url):
    with pytest.raises(UnsafeTarget):
        check_target(url)


class Receiver(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    Receiver.received = []
    port = free_port()
    server = HTTPServer(("127.0.0.1", port), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield port
    server.shutdown()


def test_webhook_signed_and_verified_by_real_receiver(world, rota, receiver):
    AllowedWebhookHost.objects.create(host="127.0.0.1", note="test receiver")
    rota.webhook_url = f"http://127.0.0.1:{receiver}/hooks/page"
    rota.save()
    with time_machine.travel(SATURDAY_3AM, tick=False):
        open_ticket(world, priority="P1")
    OutboxMessage.objects.filter(kind="email").delete()
    assert deliver_due() == 1
    [(headers, body)] = Receiver.received
    stamp = headers[TIMESTAMP_HEADER]
    assert verify(rota.webhook_secret, body, headers[SIGNATURE_HEADER], stamp)
    assert not verify("wrong-secret", body, headers[SIGNATURE_HEADER], stamp)
    late = int(stamp) + 3600
    assert not verify(rota.webhook_secret, body, headers[SIGNATURE_HEADER], stamp, now=late)
    assert json.loads(body)["event"] == "page"
    assert deliver_due(now=timezone.now() + dt.timedelta(hours=2)) == 0  # never twice


def test_webhook_outage_retries_then_delivers(world, rota):
    AllowedWebhookHost.objects.create(host="127.0.0.1")
    port = free_port()
    rota.webhook_url = f"http://127.0.0.1:{port}/hook"
    rota.save()
    with time_machine.travel(SATURDAY_3AM, tick=False):
        open_ticket(world, priority="P1")
    OutboxMessage.objects.filter(kind="email").delete()
    now = timezone.now()
    assert deliver_due(now=now) == 0
    hook = OutboxMessage.objects.get(kind="webhook")
    assert hook.status == OutboxStatus.PENDING and hook.attempts == 1 and hook.next_attempt_at > now
    Receiver.received = []
    server = HTTPServer(("127.0.0.1", port), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert deliver_due(now=now + dt.timedelta(minutes=5)) == 1
    finally:
        server.shutdown()
    assert len(Receiver.received) == 1


def test_webhook_to_unlisted_loopback_is_never_sent(world, rota, receiver):
    Rota.objects.filter(pk=rota.pk).update(
        webhook_url=f"http://127.0.0.1:{receiver}/x"
    )  # bypasses clean()
    with time_machine.travel(SATURDAY_3AM, tick=False):
        open_ticket(world, priority="P1")
    OutboxMessage.objects.filter(kind="email").delete()
    deliver_due()
    hook = OutboxMessage.objects.get(kind="webhook")
    assert hook.status == OutboxStatus.DEAD and "allow-list" in hook.last_error
    assert Receiver.received == []


def test_rota_form_validation_refuses_private_url(world, rota):
    from django.core.exceptions import ValidationError

    rota.webhook_url = "http://10.1.2.3/hook"
    with pytest.raises(ValidationError):
        rota.full_clean()


def test_recent_pages_are_scoped_to_the_tickets_the_viewer_sees(client, world, rota):
    with time_machine.travel(SATURDAY_3AM, tick=False):
        foreign = open_ticket(world, requester=world.client_b, priority="P1", title="Beta down")
    assert Page.objects.filter(ticket=foreign).exists()
    client.force_login(world.manager)  # manages org A only
    assert "Beta down" not in client.get(reverse("oncall:index")).content.decode()
    client.force_login(world.agent)
    assert "Beta down" in client.get(reverse("oncall:index")).content.decode()


def _answer_by(how, ticket, world):
    from helpcenter.tickets import actions

    if how == "triage":
        actions.triage_ticket(
            ticket,
            ticket_type=ticket.type,
            priority=ticket.priority,
            service=ticket.service,
            assignee=world.agent,
            actor=world.agent,
        )
    elif how == "assign":
        actions.assign_ticket(ticket, assignee=world.agent, actor=world.agent)
    elif how == "public reply":
        actions.add_reply(ticket, body="Estamos verificando.", actor=world.agent)
    elif how == "resolve":
        actions.resolve_ticket(ticket, actor=world.agent)
    elif how == "resolve and client close":
        actions.resolve_ticket(ticket, actor=world.agent)
        actions.close_ticket(ticket, actor=world.client_a)
    elif how == "merge":
        other = open_ticket(world, priority="P3")
        actions.merge_ticket(ticket, into=other, actor=world.agent)


@pytest.mark.parametrize(
    "how", ["triage", "assign", "public reply", "resolve", "resolve and client close", "merge"]
)
def test_a_handled_ticket_pages_nobody_else(world, rota, how):
    """Found in the walk-through: a P1 closed within minutes still paged the next person."""
    with time_machine.travel(SATURDAY_3AM, tick=False) as traveller:
        ticket = open_ticket(world, priority="P1")
        first = Page.objects.get()
        traveller.shift(dt.timedelta(minutes=3))
        _answer_by(how, ticket, world)
        OutboxMessage.objects.all().delete()
        traveller.shift(dt.timedelta(minutes=15))
        paging.escalate_due(now=timezone.now())
        assert Page.objects.filter(ticket=ticket).count() == 1
        assert not OutboxMessage.objects.filter(template__in=["page", "urgent_ticket"]).exists()
        first.refresh_from_db()
        assert first.acknowledged_at is not None and first.escalated_at is None
        traveller.shift(dt.timedelta(minutes=60))
        paging.escalate_due(now=timezone.now())
        assert Page.objects.filter(ticket=ticket).count() == 1
    event = ticket.events.get(type="oncall.acknowledged")
    assert event.data["answered_by_handling"] is True and event.actor is None


def test_an_untouched_ticket_still_escalates(world, rota):
    with time_machine.travel(SATURDAY_3AM, tick=False) as traveller:
        ticket = open_ticket(world, priority="P1")
        actions_note(ticket, world)  # an internal note is not an answer to the client
        traveller.shift(dt.timedelta(minutes=15))
        assert paging.escalate_due(now=timezone.now()) == 1
        assert Page.objects.filter(ticket=ticket).count() == 2


def actions_note(ticket, world):
    from helpcenter.tickets import actions

    actions.add_internal_note(ticket, body="olhando", actor=world.agent)


def test_the_ticket_page_shows_the_chain_and_acknowledges(client, world, rota):
    with time_machine.travel(SATURDAY_3AM, tick=False) as traveller:
        ticket = open_ticket(world, priority="P1")
        traveller.shift(dt.timedelta(minutes=15))
        paging.escalate_due(now=timezone.now())
        client.force_login(world.agent)
        url = reverse("portal:ticket_detail", args=[ticket.pk])
        html = client.get(url).content.decode()
        assert 'id="escalation-chain"' in html
        assert "Carla Plantão" in html and "Alice Agent" in html
        assert "passado adiante" in html
        waiting = Page.objects.get(acknowledged_at__isnull=True, escalated_at__isnull=True)
        response = client.post(
            reverse("oncall:ack_console", args=[waiting.pk]), {"from_ticket": "1"}
        )
        assert response.status_code == 302 and response.url == url
        waiting.refresh_from_db()
        assert waiting.acknowledged_by == world.agent
        assert "respondido" in client.get(url).content.decode()
    client.force_login(world.client_a)
    assert 'id="escalation-chain"' not in client.get(url).content.decode()
