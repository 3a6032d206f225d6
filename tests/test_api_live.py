"""The API over real HTTP (httpx against a live server): idempotent creation, also when
two requests race with the same key; a file up and down; the SLA fields."""

from __future__ import annotations

import json
import threading

import httpx
import pytest
from django.db import connection

from helpcenter.api.actions import create_token
from helpcenter.tickets.models import Ticket
from tests.test_webhooks import receiver as receiver  # a fixture


@pytest.fixture
def http(live_server, world, default_contract):
    secret = create_token(world.client_a, name="ERP", actor=world.client_a)[1]
    with httpx.Client(
        base_url=f"{live_server.url}/api/v1",
        headers={"Authorization": f"Bearer {secret}"},
        timeout=30,
    ) as client:
        yield client


def body(world, **extra):
    return {
        "type": "incident",
        "priority": "P1",
        "service": world.service_a.pk,
        "title": "Checkout fora do ar",
        "description": "502 em todos os pagamentos.",
        **extra,
    }


def test_open_twice_with_one_key_upload_and_follow_the_sla(http, world):
    first = http.post("/tickets", json=body(world), headers={"Idempotency-Key": "erp-4711"})
    again = http.post("/tickets", json=body(world), headers={"Idempotency-Key": "erp-4711"})
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert first.headers["Location"] == f"/api/v1/tickets/{first.json()['id']}"
    ticket_id = first.json()["id"]
    up = http.post(
        f"/tickets/{ticket_id}/attachments",
        files={"files": ("trace.log", b"TRACE 502 upstream\n", "text/plain")},
        data={"body": "Segue o trace."},
    )
    assert up.status_code == 201, up.text
    url = up.json()["attachments"][0]["url"]
    down = http.get(url.removeprefix("/api/v1"))
    assert down.content == b"TRACE 502 upstream\n"
    sla = http.get(f"/tickets/{ticket_id}/sla").json()
    read = http.get(f"/tickets/{ticket_id}").json()
    assert read["sla"] == sla
    assert sla["first_response"]["due_at"] and sla["first_response"]["met_at"] is None
    assert not sla["resolution"]["breached"] and not sla["resolution"]["paused"]
    assert Ticket.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the test's in-memory SQLite locks whole tables; the race is tested on PostgreSQL",
)
def test_two_requests_racing_with_one_key_make_one_ticket(http, world):
    answers: list[httpx.Response] = []
    start = threading.Barrier(2)

    def send():
        start.wait()
        answers.append(
            http.post("/tickets", json=body(world), headers={"Idempotency-Key": "race-1"})
        )

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [201, 201], [a.text for a in answers]
    assert len({a.json()["id"] for a in answers}) == 1
    assert Ticket.objects.count() == 1


def test_a_ticket_opened_over_http_reaches_a_webhook_receiver(http, world, receiver):  # noqa: F811
    from helpcenter.notifications.delivery import deliver_due
    from helpcenter.oncall.models import AllowedWebhookHost
    from helpcenter.webhooks.models import WebhookEndpoint
    from tests.test_webhooks import Receiver

    AllowedWebhookHost.objects.create(host="127.0.0.1")
    endpoint = WebhookEndpoint.objects.create(
        url=f"http://127.0.0.1:{receiver}/hooks", events=["ticket.created"]
    )
    opened = http.post("/tickets", json=body(world)).json()
    deliver_due()
    (headers, raw), *_ = Receiver.received
    from helpcenter.core.webhooks import verify

    assert verify(
        endpoint.secret, raw, headers["X-Helpcenter-Signature"], headers["X-Helpcenter-Timestamp"]
    )
    assert json.loads(raw)["ticket"]["id"] == opened["id"]
