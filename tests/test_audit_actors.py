"""Every audit event says who acted: a person, the worker, an API token or an inbound e-mail."""

from __future__ import annotations

import datetime

import time_machine
from django.utils import timezone

from helpcenter.audit.actors import ActorKind, SystemActor
from helpcenter.audit.events import EventType
from helpcenter.audit.models import AuditEvent
from helpcenter.audit.record import record_event
from helpcenter.tickets import actions
from helpcenter.tickets.jobs import close_expired_resolved
from tests.helpers import open_ticket


def test_a_person_acting_is_recorded_as_a_user(world):
    ticket = open_ticket(world)
    event = AuditEvent.objects.get(ticket=ticket, type="ticket.created")
    assert (event.actor, event.actor_kind, event.actor_ref) == (world.client_a, ActorKind.USER, "")


def test_the_worker_closing_a_ticket_is_recorded_as_the_worker(world):
    ticket = open_ticket(world)
    actions.resolve_ticket(ticket, actor=world.agent)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30)):
        assert close_expired_resolved(now=timezone.now()) == 1
    event = AuditEvent.objects.get(ticket=ticket, type="ticket.closed")
    assert (event.actor, event.actor_kind) == (None, ActorKind.WORKER)


def test_a_system_actor_records_its_kind_reference_and_the_person_it_acts_for(world):
    ticket = open_ticket(world)
    token = SystemActor(ActorKind.API_TOKEN, ref="token:7", on_behalf_of=world.client_a)
    event = record_event(EventType.TICKET_REPLIED, actor=token, ticket=ticket)
    assert (event.actor, event.actor_kind, event.actor_ref) == (
        world.client_a,
        ActorKind.API_TOKEN,
        "token:7",
    )
