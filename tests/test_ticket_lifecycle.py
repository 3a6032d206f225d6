import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from helpcenter.audit.models import AuditEvent
from helpcenter.notifications.models import OutboxMessage
from helpcenter.tickets import actions
from helpcenter.tickets.jobs import close_expired_resolved
from helpcenter.tickets.models import Comment, Ticket
from helpcenter.tickets.statuses import TRANSITIONS, Status, TransitionError, check_transition
from tests.helpers import open_ticket, upload


def snapshot(ticket):
    ticket = Ticket.objects.get(pk=ticket.pk)
    return (
        ticket.status,
        ticket.version,
        ticket.resolved_at,
        ticket.closed_at,
        AuditEvent.objects.count(),
        OutboxMessage.objects.count(),
        Comment.objects.count(),
    )


@pytest.mark.parametrize("current", list(Status))
@pytest.mark.parametrize("target", list(Status))
def test_transition_table(current, target):
    if target in TRANSITIONS[current]:
        check_transition(current, target)
    else:
        with pytest.raises(TransitionError):
            check_transition(current, target)


def test_closed_is_final():
    assert TRANSITIONS[Status.CLOSED] == frozenset()


def test_client_reply_notifies_other_parties_and_not_author(world):
    ticket = open_ticket(world, participants=[world.client_a2])
    OutboxMessage.objects.all().delete()
    comment = actions.add_reply(
        ticket, body=" More detail ", actor=world.client_a, attachments=[upload()]
    )
    assert comment.body == "More detail"
    assert comment.attachments.count() == 1
    assert [m.to for m in OutboxMessage.objects.all()] == ["bruno@a.example"]
    assert AuditEvent.objects.filter(ticket=ticket, type="ticket.replied").count() == 1
    assert Ticket.objects.get(pk=ticket.pk).version == 2


def test_client_reply_on_waiting_ticket_moves_it_back(world):
    ticket = open_ticket(world)
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.WAITING_ON_CLIENT)
    actions.add_reply(ticket, body="Here is the log", actor=world.client_a)
    assert Ticket.objects.get(pk=ticket.pk).status == Status.IN_PROGRESS


def test_resolve_then_client_reopens_within_window(world):
    ticket = open_ticket(world)
    actions.resolve_ticket(ticket, actor=world.agent)
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED and ticket.resolved_at is not None
    assert OutboxMessage.objects.filter(template="ticket_resolved", to="ana@a.example").exists()
    actions.reopen_ticket(ticket, actor=world.client_a, reason="Still failing")
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS and ticket.resolved_at is None
    assert ticket.comments.get().body == "Still failing"
    assert [e.type for e in ticket.events.all()] == [
        "ticket.created",
        "ticket.resolved",
        "ticket.reopened",
    ]


def test_reopen_after_window_refused_and_nothing_changes(world, settings):
    settings.REOPEN_WINDOW_DAYS = 7
    ticket = open_ticket(world)
    actions.resolve_ticket(ticket, actor=world.agent)
    before = snapshot(ticket)
    later = timezone.now() + datetime.timedelta(days=7, seconds=1)
    with time_machine.travel(later), pytest.raises(TransitionError, match="reabertura"):
        actions.reopen_ticket(ticket, actor=world.client_a, reason="again")
    assert snapshot(ticket) == before


@pytest.mark.parametrize("status", [Status.OPEN, Status.IN_PROGRESS, Status.CLOSED])
def test_close_refused_unless_resolved(world, status):
    ticket = open_ticket(world)
    Ticket.objects.filter(pk=ticket.pk).update(status=status)
    before = snapshot(ticket)
    with pytest.raises(TransitionError):
        actions.close_ticket(ticket, actor=world.client_a)
    assert snapshot(ticket) == before


def test_client_closes_resolved_ticket_then_everything_is_refused(world):
    ticket = open_ticket(world)
    actions.resolve_ticket(ticket, actor=world.agent)
    actions.close_ticket(ticket, actor=world.client_a)
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED and ticket.closed_at is not None
    before = snapshot(ticket)
    with pytest.raises(TransitionError):
        actions.add_reply(ticket, body="hello?", actor=world.client_a)
    with pytest.raises(TransitionError):
        actions.reopen_ticket(ticket, actor=world.client_a, reason="x")
    with pytest.raises(TransitionError):
        actions.resolve_ticket(ticket, actor=world.agent)
    assert snapshot(ticket) == before


def test_client_cannot_resolve(world):
    ticket = open_ticket(world)
    before = snapshot(ticket)
    with pytest.raises(PermissionDenied):
        actions.resolve_ticket(ticket, actor=world.client_a)
    assert snapshot(ticket) == before


def test_add_participants_only_new_and_same_org(world):
    ticket = open_ticket(world, participants=[world.client_a2])
    OutboxMessage.objects.all().delete()
    added = actions.add_participants(
        ticket, people=[world.client_a2, world.client_admin_a], actor=world.client_a
    )
    assert added == [world.client_admin_a]
    assert [m.to for m in OutboxMessage.objects.all()] == ["boss@a.example"]
    before = snapshot(ticket)
    with pytest.raises(PermissionDenied):
        actions.add_participants(ticket, people=[world.client_b], actor=world.client_a)
    assert snapshot(ticket) == before
    assert not ticket.participants.filter(pk=world.client_b.pk).exists()


def test_worker_job_closes_resolved_tickets_after_window(world, settings):
    settings.REOPEN_WINDOW_DAYS = 7
    old = open_ticket(world)
    recent = open_ticket(world)
    actions.resolve_ticket(old, actor=world.agent)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        actions.resolve_ticket(recent, actor=world.agent)
    closed = close_expired_resolved(now=timezone.now() + datetime.timedelta(days=8))
    assert closed == 1
    assert Ticket.objects.get(pk=old.pk).status == Status.CLOSED
    assert Ticket.objects.get(pk=recent.pk).status == Status.RESOLVED
    event = AuditEvent.objects.get(ticket=old, type="ticket.closed")
    assert event.actor is None and event.data["automatic"] is True
