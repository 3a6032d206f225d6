"""/metrics: what the desk is doing, for operators on an allowed network or with a token."""

from __future__ import annotations

from helpcenter.tickets import actions
from tests.helpers import open_ticket


def test_the_desks_figures_are_exposed_to_loopback(client, world):
    open_ticket(world, priority="P1")
    ticket = open_ticket(world, priority="P3")
    actions.resolve_ticket(ticket, actor=world.agent)
    body = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert 'helpcenter_tickets_open{priority="P1"} 1.0' in body
    assert "helpcenter_outbox_pending " in body
    assert "helpcenter_outbox_oldest_pending_seconds " in body
    assert 'helpcenter_outbox_messages{kind="email",status="pending"}' in body
    assert "helpcenter_oncall_pages_unacknowledged " in body
    assert "helpcenter_oncall_ack_seconds_mean " in body


def test_others_get_404_unless_they_carry_the_token(client, world, settings):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.5").status_code == 404
    settings.METRICS_TOKEN = "s3cr3t-token"
    wrong = client.get("/metrics", REMOTE_ADDR="203.0.113.5", HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.status_code == 404
    right = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.5", HTTP_AUTHORIZATION="Bearer s3cr3t-token"
    )
    assert right.status_code == 200


def test_latency_is_labelled_by_route_not_by_path(client, world):
    client.force_login(world.client_a)
    ticket = open_ticket(world)
    client.get(f"/tickets/{ticket.pk}/")
    body = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert 'route="tickets/<int:pk>/"' in body and f"/tickets/{ticket.pk}/" not in body
