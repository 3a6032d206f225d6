from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from helpcenter.audit import chain
from helpcenter.audit.actors import WORKER, ActorKind, SystemActor, current_channel
from helpcenter.audit.events import EventType
from helpcenter.audit.models import AuditEvent
from helpcenter.audit.origin import current_ip

if TYPE_CHECKING:
    from helpcenter.accounts.models import Organization, User
    from helpcenter.tickets.models import Ticket


def _event(
    type: EventType,
    *,
    actor: User | SystemActor | None,
    ticket: Ticket | None,
    organization: Organization | None,
    public: bool,
    data: dict[str, Any] | None,
    subject: str = "",
) -> AuditEvent:
    """An unsaved event: who acted resolved (None: the worker), the organization from
    the ticket when not given."""
    if organization is None and ticket is not None:
        organization = ticket.organization
    if actor is None:
        actor = WORKER
    if isinstance(actor, SystemActor):
        user, kind, ref = actor.on_behalf_of, actor.kind, actor.ref
    elif (channel := current_channel()) is not None:
        user, kind, ref = actor, channel.kind, channel.ref
    else:
        user, kind, ref = actor, ActorKind.USER, ""
    return AuditEvent(
        type=type,
        actor=user,
        actor_kind=kind,
        actor_ref=ref[:200],
        ticket=ticket,
        organization=organization,
        public=public,
        data=data or {},
        subject=subject[:120],
        ip=current_ip(),
    )


def record_event(
    type: EventType,
    *,
    actor: User | SystemActor | None,
    ticket: Ticket | None = None,
    organization: Organization | None = None,
    public: bool = True,
    data: dict[str, Any] | None = None,
    subject: str = "",
) -> AuditEvent:
    """Write one audit event, linked into the chain. Call it inside the action's
    transaction, as late as it can come (the chain's head stays locked until commit).

    `actor` is the person who acted, a SystemActor (API token, inbound e-mail,
    with the user it acts for), or None for the worker. `subject` names the object
    ("app_label.model:pk") when it is not the ticket.
    """
    event = _event(
        type,
        actor=actor,
        ticket=ticket,
        organization=organization,
        public=public,
        data=data,
        subject=subject,
    )
    chain.append([event])
    _tell([event])
    return event


def record_worker_events(
    type: EventType, rows: list[tuple[Ticket, dict[str, Any]]], *, public: bool
) -> None:
    """One event per ticket for a batch the worker handled, in one statement."""
    record_events(type, rows, actor=None, public=public)


def record_events(
    type: EventType,
    rows: list[tuple[Ticket, dict[str, Any]]],
    *,
    actor: User | SystemActor | None,
    public: bool,
) -> None:
    """One event per ticket of a batch one actor changed at once (tickets linked to a
    major incident), in one statement."""
    events = [
        _event(type, actor=actor, ticket=ticket, organization=None, public=public, data=data)
        for ticket, data in rows
    ]
    chain.append(events)
    _tell(events)


# Who hears of events as they are written, inside the same transaction (the webhooks
# app queues its deliveries there): registered in AppConfig.ready(), so the audit
# trail knows nothing of them.
Listener = Callable[[list[AuditEvent]], None]
_listeners: list[Listener] = []


def add_listener(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def _tell(events: list[AuditEvent]) -> None:
    for listener in _listeners:
        listener(events)
