"""The agent workspace: one composer for replies and internal notes, canned responses
into the draft (server side without JavaScript), canned per language, fields in the side."""

from __future__ import annotations

from django.urls import reverse

from helpcenter.console.models import CannedResponse
from helpcenter.tickets.models import Comment
from tests.helpers import open_ticket


def _compose(client, ticket, **data):
    return client.post(reverse("portal:ticket_compose", args=[ticket.pk]), data)


def test_the_composer_sends_a_public_reply_or_an_internal_note(client, world):
    ticket = open_ticket(world)
    client.force_login(world.agent)
    assert _compose(client, ticket, visibility="public", body="Olá Ana").status_code == 302
    assert _compose(client, ticket, visibility="internal", body="log 42").status_code == 302
    reply, note = Comment.objects.order_by("pk")
    assert (reply.body, reply.is_internal) == ("Olá Ana", False)
    assert (note.body, note.is_internal) == ("log 42", True)
    client.force_login(world.client_a)
    html = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert "Olá Ana" in html and "log 42" not in html


def test_an_internal_note_carries_a_visible_label(client, world):
    ticket = open_ticket(world)
    client.force_login(world.agent)
    _compose(client, ticket, visibility="internal", body="só nós")
    html = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert 'class="tag internal-tag">Nota interna<' in html


def test_inserting_a_canned_response_keeps_the_draft_and_saves_nothing(client, world):
    canned = CannedResponse.objects.create(title="Recebido", body="Recebemos {ticket.number}.")
    ticket = open_ticket(world)
    client.force_login(world.agent)
    response = _compose(
        client,
        ticket,
        visibility="internal",
        body="O que eu já tinha escrito",
        canned=canned.pk,
        insert_canned="1",
    )
    assert response.status_code == 200
    box = response.context["composer"]
    assert box["body"].value() == f"O que eu já tinha escrito\n\nRecebemos {ticket.number}."
    assert box["visibility"].value() == "internal"
    assert Comment.objects.count() == 0


def test_a_failed_send_keeps_the_draft(client, world):
    ticket = open_ticket(world)
    client.force_login(world.agent)
    response = _compose(client, ticket, visibility="bogus", body="meu rascunho")
    assert response.status_code == 400
    assert "meu rascunho" in response.content.decode()
    assert Comment.objects.count() == 0


def test_canned_responses_in_the_requesters_language_come_first(client, world):
    CannedResponse.objects.create(title="A any", body="x")
    CannedResponse.objects.create(title="B english", body="y", language="en")
    CannedResponse.objects.create(title="C português", body="z", language="pt-br")
    world.client_a.language = "en"
    world.client_a.save()
    ticket = open_ticket(world)
    client.force_login(world.agent)
    page = client.get(reverse("portal:ticket_detail", args=[ticket.pk]))
    titles = [c.title for c, _text in page.context["canned_responses"]]
    assert titles == ["B english", "A any", "C português"]


def test_fields_are_in_the_side_panel_and_rare_actions_in_a_menu(client, world):
    ticket = open_ticket(world)
    client.force_login(world.agent)
    html = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    side = html[html.index('<aside class="ticket-side">') :]
    assert 'id="triage-form"' in side and 'id="staff-panel"' in side
    menu = html[html.index('id="more-actions"') : html.index("</details>")]
    assert 'id="merge-form"' in menu and 'id="link-form"' in menu
