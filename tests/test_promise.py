"""The promise before submitting: service hours and the due times a ticket sent now would
get, from the same policy and engine that store them; without JavaScript after a failed
submit, live with it (htmx)."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from helpcenter.tickets.models import Ticket
from tests.helpers import open_ticket

FRIDAY_1730 = dt.datetime.fromisoformat("2026-11-27T17:30:00-03:00")


def test_p3_shows_business_hours_and_the_due_times_the_ticket_then_gets(client, world):
    client.force_login(world.client_a)
    with time_machine.travel(FRIDAY_1730, tick=False):
        html = client.get(
            reverse("portal:ticket_promise"), {"type": "incident", "priority": "P3"}
        ).content.decode()
        ticket = open_ticket(world, priority="P3")
    assert "seg–sex 08:00–18:00" in html
    assert "Primeira resposta</strong>: até" in html
    first = ticket.sla_clocks.get(kind="first_response").due_at
    assert first == dt.datetime.fromisoformat("2026-11-30T08:30:00-03:00")
    assert f'datetime="{first.astimezone(dt.timezone(dt.timedelta(hours=-3))).isoformat()}"' in html
    assert "seg., 30/11 08:30" in html


def test_p1_shows_24x7_and_the_hotline(client, world, settings):
    client.force_login(world.client_a)
    html = client.get(
        reverse("portal:ticket_promise"), {"type": "incident", "priority": "P1"}
    ).content.decode()
    assert "24/7" in html and 'href="tel:+551151941410"' in html


def test_a_failed_submit_shows_the_promise_without_javascript(client, world):
    client.force_login(world.client_a)
    response = client.post(
        reverse("portal:ticket_new"), {"type": "incident", "priority": "P4", "title": ""}
    )
    html = response.content.decode()
    assert 'id="promise-dues"' in html and Ticket.objects.count() == 0


def test_planned_follows_its_window(client, world):
    client.force_login(world.client_a)
    html = client.get(
        reverse("portal:ticket_promise"),
        {"type": "request", "priority": "planned", "planned_end": "2030-03-10"},
    ).content.decode()
    assert "10 de março de 2030" in html


def test_only_clients_see_it(client, world):
    client.force_login(world.agent)
    assert client.get(reverse("portal:ticket_promise")).status_code == 404


def test_garbage_gives_the_neutral_hint(client, world):
    client.force_login(world.client_a)
    html = client.get(
        reverse("portal:ticket_promise"), {"type": "x" * 300, "priority": "\x00"}
    ).content.decode()
    assert "Escolha o tipo e a prioridade" in html
