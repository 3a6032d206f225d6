"""The ticket page's conversation and history come from the cache between changes
(portal/fragments.py): every change shows at once, and no reader is shown what was
rendered for another kind of reader, language or time zone."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helpcenter.tickets import actions
from tests.helpers import open_ticket


def _page(client, ticket) -> str:
    return client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()


def test_a_second_view_reads_no_comments_and_shows_the_same_page(client, world):
    ticket = open_ticket(world)
    actions.add_reply(ticket, body="primeira resposta", actor=world.client_a)
    client.force_login(world.client_a)
    first = _page(client, ticket)
    with CaptureQueriesContext(connection) as captured:
        second = _page(client, ticket)
    assert not [q for q in captured if q["sql"].startswith('SELECT "tickets_comment"')]
    strip = lambda html: html.split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert strip(first) == strip(second) and "primeira resposta" in second


def test_every_change_shows_on_the_next_view(client, world):
    ticket = open_ticket(world)
    client.force_login(world.client_a)
    assert "No replies yet" in _page(client, ticket) or "Nenhuma resposta" in _page(client, ticket)
    actions.add_reply(ticket, body="resposta do agente", actor=world.agent)
    assert "resposta do agente" in _page(client, ticket)
    actions.add_participants(ticket, people=[world.client_a2], actor=world.client_a)
    assert _page(client, ticket).count(world.client_a2.display_name) >= 2  # CC and history


def test_an_internal_note_cached_for_the_team_never_reaches_the_client(client, world):
    ticket = open_ticket(world)
    actions.add_internal_note(ticket, body="segredo da equipe", actor=world.agent)
    client.force_login(world.agent)
    assert "segredo da equipe" in _page(client, ticket)
    client.force_login(world.client_a)
    assert "segredo da equipe" not in _page(client, ticket)


def test_each_language_and_time_zone_gets_its_own_rendering(client, world):
    ticket = open_ticket(world)
    actions.add_reply(ticket, body="olá", actor=world.agent)
    world.client_a.language, world.client_a.time_zone = "pt-br", "America/Sao_Paulo"
    world.client_a.save()
    client.force_login(world.client_a)
    portuguese = _page(client, ticket)
    world.client_a.language, world.client_a.time_zone = "en", "Asia/Tokyo"
    world.client_a.save()
    english = _page(client, ticket)
    assert "Ticket aberto" in portuguese and "Ticket opened" in english
    assert "+09:00" in english and "-03:00" in portuguese
