"""A major incident's updates reach the linked tickets through the worker
(incidents/jobs.py): queued in the update's transaction, each ticket's share carried
out once, in the order of the updates, and a ticket that keeps failing set aside
without holding up the others. Two workers at once: tests/test_concurrency_pg.py."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from helpcenter.incidents import actions, jobs
from helpcenter.incidents.models import Delivery
from helpcenter.tickets.models import Comment
from tests.helpers import deliver_incident_updates, open_ticket


def _declare(world, tickets):
    return actions.declare_incident(
        title="Pagamentos fora do ar",
        impact="",
        services=[world.service_a, world.service_b],
        commander=world.agent,
        actor=world.agent,
        tickets=tickets,
    )


def _post(incident, body, actor, state="investigating"):
    return actions.post_update(incident, body=body, public=True, state=state, actor=actor)


def test_updates_reach_each_ticket_once_and_in_order(world):
    a = open_ticket(world, priority="P1")
    b = open_ticket(world, requester=world.client_b, priority="P1")
    incident = _declare(world, [a, b])
    _post(incident, "Primeira.", world.agent)
    _post(incident, "Segunda.", world.agent, state="identified")
    assert Delivery.objects.filter(done_at__isnull=True).count() == 4
    # One pass takes only the first update of each ticket: the second waits its turn.
    assert sorted(jobs.pending().values_list("ticket_id", flat=True)) == sorted([a.pk, b.pk])
    assert deliver_incident_updates() == 4
    assert deliver_incident_updates() == 0
    for ticket in (a, b):
        bodies = list(Comment.objects.filter(ticket=ticket).order_by("id").values_list("body"))
        number = incident.number
        assert bodies == [(f"[{number}] Primeira.",), (f"[{number}] Segunda.",)]


def test_a_ticket_closed_in_between_is_left_with_the_reason(world):
    from helpcenter.tickets.models import Ticket

    a = open_ticket(world, priority="P1")
    incident = _declare(world, [a])
    _post(incident, "Primeira.", world.agent)
    Ticket.objects.filter(pk=a.pk).update(status="closed")
    deliver_incident_updates()
    row = Delivery.objects.get()
    assert (row.outcome, row.note) == ("left", "closed")
    assert not Comment.objects.exists()


def test_a_ticket_that_keeps_failing_is_set_aside_and_others_go_on(world, monkeypatch, caplog):
    a = open_ticket(world, priority="P1")
    b = open_ticket(world, requester=world.client_b, priority="P1")
    incident = _declare(world, [a, b])
    _post(incident, "Primeira.", world.agent)
    real = jobs.add_reply

    def broken(ticket, **kwargs):
        if ticket.pk == a.pk:
            raise RuntimeError("disk full")
        return real(ticket, **kwargs)

    monkeypatch.setattr(jobs, "add_reply", broken)
    for _ in range(jobs.MAX_ATTEMPTS):
        jobs.deliver_due(now=timezone.now())
    rows = {r.ticket_id: r for r in Delivery.objects.all()}
    assert rows[b.pk].outcome == "replied"
    assert (rows[a.pk].outcome, rows[a.pk].attempts) == ("failed", jobs.MAX_ATTEMPTS)
    assert not Comment.objects.filter(ticket=a).exists()  # rolled back each time
    assert "incident update delivery" in caplog.text
    # An operator finds it in the admin, read-only.
    from django.test import Client

    admin = Client()
    admin.force_login(world.admin)
    listing = admin.get("/admin/incidents/delivery/?outcome__exact=failed")
    assert listing.status_code == 200, listing.status_code
    assert a.number in listing.content.decode() and b.number not in listing.content.decode()


def test_the_incident_page_shows_how_far_each_update_went(client, world):
    a = open_ticket(world, priority="P1")
    b = open_ticket(world, requester=world.client_b, priority="P1")
    incident = _declare(world, [a, b])
    client.force_login(world.agent)
    response = client.post(
        reverse("incidents:update", args=[incident.pk]),
        {"body": "Primeira.", "public": "on", "state": "investigating"},
        follow=True,
    )
    page = response.content.decode()
    assert "2 tickets vinculados a recebem em instantes" in page
    assert "Entregue a 0 de 2 tickets vinculados" in page
    deliver_incident_updates()
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "Entregue a 2 de 2 tickets vinculados" in page
