"""/metrics: what the desk is doing, for operators with the token or on the worker's own address."""

from __future__ import annotations

from helpcenter.tickets import actions
from tests.helpers import open_ticket

TOKEN = "s3cr3t-token"


def scrape(client, settings, **extra):
    settings.METRICS_TOKEN = TOKEN
    return client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **extra)


def test_the_desks_figures_are_exposed_with_the_token(client, world, settings):
    open_ticket(world, priority="P1")
    ticket = open_ticket(world, priority="P3")
    actions.resolve_ticket(ticket, actor=world.agent)
    body = scrape(client, settings).content.decode()
    assert 'helpcenter_tickets_open{priority="P1"} 1.0' in body
    assert "# HELP helpcenter_tickets_open Open tickets by priority\n" in body
    assert "helpcenter_outbox_pending " in body
    assert "helpcenter_outbox_oldest_pending_seconds " in body
    assert 'helpcenter_outbox_messages{kind="email",status="pending"}' in body
    assert "helpcenter_oncall_pages_unacknowledged " in body
    assert "helpcenter_oncall_ack_seconds_mean " in body


def test_incident_updates_waiting_for_a_worker_show(client, world, settings):
    from helpcenter.incidents import actions as incident_actions

    ticket = open_ticket(world, priority="P1")
    incident = incident_actions.declare_incident(
        title="Fora do ar",
        impact="",
        services=[world.service_a],
        commander=world.agent,
        actor=world.agent,
        tickets=[ticket],
    )
    incident_actions.post_update(
        incident, body="Investigando.", public=True, state="investigating", actor=world.agent
    )
    body = scrape(client, settings).content.decode()
    assert "helpcenter_incident_deliveries_pending 1.0" in body
    assert "helpcenter_incident_deliveries_oldest_pending_seconds " in body
    assert "helpcenter_incident_deliveries_failed 0.0" in body


def test_others_get_404_unless_they_carry_the_token(client, world, settings):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.5").status_code == 404
    # Loopback is no proof: behind a same-host proxy every visitor is 127.0.0.1.
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
    settings.METRICS_TOKEN = "s3cr3t-token"
    wrong = client.get("/metrics", REMOTE_ADDR="203.0.113.5", HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.status_code == 404
    right = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.5", HTTP_AUTHORIZATION="Bearer s3cr3t-token"
    )
    assert right.status_code == 200


def test_latency_is_labelled_by_route_not_by_path(client, world, settings):
    client.force_login(world.client_a)
    ticket = open_ticket(world)
    client.get(f"/tickets/{ticket.pk}/")
    body = scrape(client, settings).content.decode()
    assert 'route="tickets/<int:pk>/"' in body and f"/tickets/{ticket.pk}/" not in body


def test_the_worker_serves_the_figures_on_its_own_address(default_contract, world):
    """(Committed rows: the server's thread reads over a connection of its own.)"""
    import urllib.request

    from helpcenter.core.metrics import serve_on_own_address
    from tests.conftest import free_port

    open_ticket(world, priority="P1")
    port = free_port()
    serve_on_own_address(f"127.0.0.1:{port}")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:  # noqa: S310
        body = answer.read().decode()
    assert 'helpcenter_tickets_open{priority="P1"}' in body
