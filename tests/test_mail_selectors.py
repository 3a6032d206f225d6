"""The reads the mail side makes of tickets (tickets/selectors.py), each pinned by what
it must return and how many statements it may take."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from helpcenter.tickets import actions
from helpcenter.tickets.models import Comment, Ticket
from helpcenter.tickets.selectors import (
    comment_for_mail,
    source_message_id,
    ticket_for_mail,
    tickets_opened_since,
)
from tests.helpers import open_ticket

pytestmark = pytest.mark.django_db


def test_a_ticket_for_its_mail_comes_with_what_the_mail_shows(world, django_assert_num_queries):
    ticket = open_ticket(world)
    with django_assert_num_queries(1):
        read = ticket_for_mail(ticket.pk)
        shown = (read.service.name, read.requester.email, read.organization.name)
    assert read.pk == ticket.pk
    assert shown == (world.service_a.name, world.client_a.email, world.org_a.name)
    with pytest.raises(Ticket.DoesNotExist):
        ticket_for_mail(ticket.pk + 1000)


def test_a_comment_for_its_mail_comes_with_its_author(world, django_assert_num_queries):
    ticket = open_ticket(world)
    comment = actions.add_reply(ticket, actor=world.client_a, body="Still down")
    with django_assert_num_queries(1):
        read = comment_for_mail(comment.pk)
        assert read.author.email == world.client_a.email
    assert read.pk == comment.pk
    with pytest.raises(Comment.DoesNotExist):
        comment_for_mail(comment.pk + 1000)


def test_the_message_id_that_opened_a_ticket(world):
    by_mail = open_ticket(world, channel="email", source_message_id="<abc@mail.example>")
    by_portal = open_ticket(world)
    assert source_message_id(by_mail.pk) == "<abc@mail.example>"
    assert source_message_id(by_portal.pk) == ""
    assert source_message_id(by_mail.pk + 1000) == ""


def test_tickets_opened_since_a_moment_and_matching_filters(world):
    moment = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
    opened = {}
    for name, at, priority in [
        ("before", moment - dt.timedelta(seconds=1), "P3"),
        ("at", moment, "P3"),
        ("after", moment + dt.timedelta(hours=1), "P2"),
    ]:
        with time_machine.travel(at, tick=False):
            opened[name] = open_ticket(world, priority=priority)
    since = tickets_opened_since(moment)
    assert set(since) == {opened["at"], opened["after"]}
    assert list(tickets_opened_since(moment, priority="P2")) == [opened["after"]]
