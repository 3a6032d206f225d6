"""Integration webhooks: every ticket event reaches a real receiver on loopback, signed
over timestamp and body, retried through the outbox, logged, redelivered by hand."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from helpcenter.core.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from helpcenter.notifications.delivery import deliver_due
from helpcenter.notifications.models import OutboxMessage
from helpcenter.oncall.models import AllowedWebhookHost
from helpcenter.tickets import actions
from helpcenter.webhooks.actions import redeliver
from helpcenter.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.conftest import free_port
from tests.helpers import open_ticket


class Receiver(BaseHTTPRequestHandler):
    received: list = []
    answer = 204

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((dict(self.headers), body))
        self.send_response(Receiver.answer)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    Receiver.received, Receiver.answer = [], 204
    port = free_port()
    server = HTTPServer(("127.0.0.1", port), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield port
    server.shutdown()


@pytest.fixture
def endpoint(world, receiver):
    AllowedWebhookHost.objects.create(host="127.0.0.1", note="test receiver")
    return WebhookEndpoint.objects.create(url=f"http://127.0.0.1:{receiver}/hooks")


def deliver_webhooks() -> list[dict]:
    OutboxMessage.objects.filter(kind="email").delete()
    deliver_due(batch=200)
    return [json.loads(body) for _headers, body in Receiver.received]


def test_each_ticket_event_is_delivered_signed_with_its_timestamp(world, endpoint):
    ticket = open_ticket(world)
    actions.triage_ticket(
        ticket,
        ticket_type="incident",
        priority="P2",
        service=world.service_a,
        assignee=world.agent,
        actor=world.agent,
        reason="impacto",
    )
    actions.add_reply(ticket, body="Reiniciamos o serviço.", actor=world.agent)
    actions.resolve_ticket(ticket, actor=world.agent, note="ok")
    events = [e["event"] for e in deliver_webhooks()]
    assert events == [
        "ticket.created",
        "ticket.updated",
        "ticket.status_changed",
        "ticket.commented",
        "ticket.status_changed",
    ]
    headers, body = Receiver.received[0]
    assert verify(endpoint.secret, body, headers[SIGNATURE_HEADER], headers[TIMESTAMP_HEADER])
    assert not verify("other", body, headers[SIGNATURE_HEADER], headers[TIMESTAMP_HEADER])
    assert headers["X-Helpcenter-Event"] == "ticket.created"
    payload = json.loads(body)
    assert payload["ticket"]["number"] == ticket.number and payload["id"]
    commented = json.loads(Receiver.received[3][1])
    assert commented["comment"]["body"] == "Reiniciamos o serviço."
    assert WebhookDelivery.objects.filter(endpoint=endpoint, status_code=204).count() == 5


def test_internal_notes_reach_only_internal_endpoints(world, endpoint, receiver):
    inside = WebhookEndpoint.objects.create(
        url=f"http://127.0.0.1:{receiver}/team", internal=True, events=["ticket.commented"]
    )
    ticket = open_ticket(world)
    actions.add_internal_note(ticket, body="cliente sem backup", actor=world.agent)
    deliver_webhooks()
    paths = [
        (h.get("X-Helpcenter-Event"), json.loads(b)["ticket"]["id"]) for h, b in Receiver.received
    ]
    assert len(paths) == 2  # created to the general endpoint, the note to the internal one
    notes = [d for d in WebhookDelivery.objects.all() if d.event == "ticket.commented"]
    assert [d.endpoint for d in notes] == [inside]


def test_an_endpoint_limited_to_an_organization_and_events(world, endpoint):
    endpoint.organization, endpoint.events = world.org_b, ["ticket.created"]
    endpoint.save()
    open_ticket(world)  # org A
    open_ticket(world, requester=world.client_b)
    (only,) = deliver_webhooks()
    assert only["ticket"]["organization"] == world.org_b.pk


def test_a_failing_receiver_is_retried_with_backoff_and_logged(world, endpoint):
    Receiver.answer = 500
    open_ticket(world)
    deliver_webhooks()
    row = OutboxMessage.objects.get(kind="webhook")
    assert row.status == "pending" and row.next_attempt_at > timezone.now()
    failed = WebhookDelivery.objects.get()
    assert failed.status_code == 500 and "HTTP 500" in failed.error
    Receiver.answer = 204
    deliver_due(now=timezone.now() + timedelta(minutes=5))
    row.refresh_from_db()
    assert row.status == "sent" and WebhookDelivery.objects.filter(status_code=204).count() == 1


def test_redelivery_by_hand_sends_the_same_body_again(world, endpoint):
    open_ticket(world)
    deliver_webhooks()
    redeliver(WebhookDelivery.objects.get())
    deliver_due()
    first, again = Receiver.received
    assert first[1] == again[1]


def test_sla_breaches_from_the_worker_are_delivered(world, endpoint):
    from helpcenter.slas.jobs import send_breaches

    ticket = open_ticket(world, priority="P1")
    send_breaches(now=timezone.now() + timedelta(days=3))
    events = {e["event"] for e in deliver_webhooks() if e["ticket"]["id"] == ticket.pk}
    assert "sla.breached" in events


def test_endpoints_on_internal_addresses_are_refused_unless_allow_listed(world):
    hook = WebhookEndpoint(url="http://127.0.0.1:9/x")
    with pytest.raises(ValidationError):
        hook.full_clean()
    bad_event = WebhookEndpoint(url="https://example.com/x", events=["ticket.exploded"])
    with pytest.raises(ValidationError):
        bad_event.clean_fields()
        bad_event.clean()


def test_incident_events_reach_the_organizations_it_touches_without_internal_notes(world, endpoint):
    from helpcenter.incidents import actions as incidents
    from helpcenter.webhooks.models import forget_endpoints

    only_b = WebhookEndpoint.objects.create(
        url=endpoint.url, organization=world.org_b, events=["incident.declared"]
    )
    forget_endpoints()
    incident = incidents.declare_incident(
        title="Gateway fora",
        impact="",
        services=[world.service_a],
        commander=world.agent,
        actor=world.agent,
    )
    incidents.post_update(
        incident, body="Nota interna.", public=False, state="identified", actor=world.agent
    )
    incidents.post_update(
        incident, body="Voltou.", public=True, state="resolved", actor=world.agent
    )
    got = [b for b in deliver_webhooks() if b["event"].startswith("incident.")]
    assert [b["event"] for b in got] == ["incident.declared", "incident.resolved"]
    assert got[1]["incident"]["update"] == "Voltou." and "Nota interna." not in json.dumps(got)
    assert not OutboxMessage.objects.filter(
        kind="webhook", dedupe_key__startswith=f"webhook:{only_b.pk}:"
    ).exists()  # org B's endpoint: the incident named none of its services
