"""Agent actions behind the console: stale views, internal notes, canned replies, merge, link."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from helpcenter.console.canned import render_canned
from helpcenter.console.models import CannedResponse
from helpcenter.notifications.models import OutboxMessage
from helpcenter.tickets import actions
from helpcenter.tickets.actions import StaleTicket
from helpcenter.tickets.models import Comment, Ticket
from helpcenter.tickets.statuses import ActionRefused, Status
from tests.helpers import open_ticket


def test_stale_view_is_refused_and_changes_nothing(world):
    ticket = open_ticket(world)
    seen = ticket.version
    actions.add_reply(ticket, body="first agent answers", actor=world.agent)  # someone else acts
    before = Ticket.objects.get(pk=ticket.pk)
    with pytest.raises(StaleTicket, match="mudou desde que você o abriu"):
        actions.resolve_ticket(ticket, actor=world.agent, expected_version=seen)
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.status, after.version) == (before.status, before.version)


def test_stale_view_in_the_page_shows_the_message(client, world):
    ticket = open_ticket(world)
    client.force_login(world.agent)
    actions.add_reply(ticket, body="meanwhile", actor=world.client_a)
    response = client.post(
        reverse("portal:ticket_resolve", args=[ticket.pk]), {"version": 1}, follow=True
    )
    assert "Este ticket mudou desde que você o abriu" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN


def test_freshness_endpoint_reports_other_changes(client, world):
    ticket = open_ticket(world)
    client.force_login(world.agent)
    url = reverse("portal:ticket_freshness", args=[ticket.pk])
    assert client.get(url, {"version": ticket.version}).json()["changed"] is False
    actions.add_reply(ticket, body="new info", actor=world.client_a)
    data = client.get(url, {"version": ticket.version}).json()
    assert data["changed"] is True and data["by"] == "Ana A"


def test_internal_note_is_never_shown_or_sent_to_clients(client, world):
    ticket = open_ticket(world, participants=[world.client_a2])
    OutboxMessage.objects.all().delete()
    actions.add_internal_note(ticket, body="Suspeita: deploy de ontem", actor=world.agent)
    assert OutboxMessage.objects.count() == 0
    client.force_login(world.client_a)
    html = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert "Suspeita" not in html and "Nota interna" not in html
    client.force_login(world.agent)
    html = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert "Suspeita: deploy de ontem" in html
    with pytest.raises(PermissionDenied):
        actions.add_internal_note(ticket, body="x", actor=world.client_a)


def test_canned_response_fills_placeholders_without_templates(world):
    ticket = open_ticket(world)
    canned = CannedResponse.objects.create(
        title="Recebido",
        body="Olá {requester.name}, o {ticket.number} está com {agent.name}. {{ settings.SECRET_KEY }} {unknown.key}",
    )
    text = render_canned(canned, ticket=ticket, agent=world.agent)
    assert text.startswith(f"Olá Ana A, o {ticket.number} está com Alice Agent.")
    assert "{{ settings.SECRET_KEY }}" in text and "{unknown.key}" in text


def test_canned_response_prefills_reply(client, world):
    ticket = open_ticket(world)
    canned = CannedResponse.objects.create(title="Oi", body="Olá {requester.name}!")
    client.force_login(world.agent)
    html = client.get(
        reverse("portal:ticket_detail", args=[ticket.pk]), {"canned": canned.pk}
    ).content.decode()
    assert "Olá Ana A!</textarea>" in html


def test_merge_moves_conversation_and_watchers_and_closes_duplicate(world):
    original = open_ticket(world, title="Portal fora")
    duplicate = open_ticket(
        world, requester=world.client_a2, title="Portal caiu", participants=[world.client_admin_a]
    )
    actions.add_reply(duplicate, body="aqui também", actor=world.client_a2)
    into = actions.merge_ticket(duplicate, into=original, actor=world.agent)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED and duplicate.merged_into_id == original.pk
    assert set(into.participants.all()) == {world.client_a2, world.client_admin_a}
    bodies = list(Comment.objects.filter(ticket=original).values_list("body", flat=True))
    assert "aqui também" in bodies and any(duplicate.number in b for b in bodies)
    assert duplicate.events.filter(type="ticket.merged").exists()


def test_merge_across_organizations_refused(world):
    a = open_ticket(world)
    b = open_ticket(world, requester=world.client_b)
    with pytest.raises(ActionRefused):
        actions.merge_ticket(a, into=b, actor=world.agent)
    assert Ticket.objects.get(pk=a.pk).status == Status.OPEN


def test_link_tickets_both_ways(client, world):
    a = open_ticket(world, title="A")
    b = open_ticket(world, title="B")
    actions.link_tickets(a, other=b, actor=world.agent)
    actions.link_tickets(b, other=a, actor=world.agent)  # idempotent
    client.force_login(world.client_a)
    html = client.get(reverse("portal:ticket_detail", args=[a.pk])).content.decode()
    assert b.number in html


def test_assignment_notifies_the_assignee(world):
    from tests.conftest import make_user

    other = make_user("bob@support.example", "agent", name="Bob")
    ticket = open_ticket(world)
    actions.assign_ticket(ticket, assignee=other, actor=world.agent)
    assert OutboxMessage.objects.filter(
        template="ticket_assigned", to="bob@support.example"
    ).exists()


def test_waiting_on_client_emails_the_client(world):
    ticket = open_ticket(world)
    actions.triage_ticket(
        ticket,
        ticket_type="incident",
        priority="P3",
        service=world.service_a,
        assignee=world.agent,
        actor=world.agent,
    )
    actions.change_status(ticket, status=Status.WAITING_ON_CLIENT, actor=world.agent)
    assert OutboxMessage.objects.filter(template="status_changed", to="ana@a.example").exists()
