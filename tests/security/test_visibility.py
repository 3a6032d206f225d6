"""What a client sees of a ticket: every absence with its presence twin."""

from __future__ import annotations

from django.urls import reverse

from helpcenter.tickets.actions import add_internal_note, add_reply
from helpcenter.tickets.selectors import (
    access_attachment,
    access_ticket,
    visible_comments,
    visible_events,
)
from tests.helpers import open_ticket, upload


def _ticket_with_both(world):
    ticket = open_ticket(world)
    public = add_reply(ticket, body="We restarted the <gateway>.", actor=world.agent)
    internal = add_internal_note(ticket, body="Root cause: expired cert", actor=world.agent)
    return ticket, public, internal


def test_visible_comments_for_a_client_are_exactly_the_public_ones(world):
    ticket, public, internal = _ticket_with_both(world)
    assert list(visible_comments(world.client_a, ticket)) == [public]
    assert set(visible_comments(world.agent, ticket)) == {public, internal}


def test_visible_events_for_a_client_are_the_public_ones(world):
    ticket, _public, _internal = _ticket_with_both(world)
    client_types = [e.type for e in visible_events(world.client_a, ticket)]
    agent_types = [e.type for e in visible_events(world.agent, ticket)]
    assert "ticket.created" in client_types and "ticket.replied" in client_types
    assert "ticket.note_added" not in client_types and "ticket.note_added" in agent_types


def test_the_client_page_shows_the_reply_escaped_and_not_the_note(client, world):
    ticket, _public, _internal = _ticket_with_both(world)
    client.force_login(world.client_a)
    html = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert "We restarted the &lt;gateway&gt;." in html
    assert "Root cause" not in html
    client.force_login(world.agent)
    html = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert "We restarted the &lt;gateway&gt;." in html and "Root cause: expired cert" in html


def test_attachment_access_follows_the_note(world):
    ticket = open_ticket(world, attachments=[upload("opening.txt")])
    note = add_internal_note(ticket, body="x", actor=world.agent, attachments=[upload("n.txt")])
    reply = add_reply(ticket, body="y", actor=world.agent, attachments=[upload("r.txt")])
    opening = ticket.attachments.get(comment__isnull=True)
    for attachment in (opening, reply.attachments.get()):
        assert access_attachment(world.client_a, ticket.pk, attachment.pk) == attachment
    hidden = note.attachments.get()
    assert access_attachment(world.agent, ticket.pk, hidden.pk) == hidden
    import pytest
    from django.http import Http404

    with pytest.raises(Http404):
        access_attachment(world.client_a, ticket.pk, hidden.pk)


def test_access_ticket_presence_and_absence(world):
    import pytest
    from django.http import Http404

    ticket = open_ticket(world)
    for person in (world.client_a, world.client_admin_a, world.agent, world.admin, world.manager):
        assert access_ticket(person, ticket.pk) == ticket
    for person in (world.client_a2, world.client_b):
        with pytest.raises(Http404):
            access_ticket(person, ticket.pk)
