from __future__ import annotations

from typing import TYPE_CHECKING, Any

from helpcenter.audit.events import EventType
from helpcenter.audit.models import AuditEvent

if TYPE_CHECKING:
    from helpcenter.accounts.models import Organization, User
    from helpcenter.tickets.models import Ticket


def record_event(
    type: EventType,
    *,
    actor: User | None,
    ticket: Ticket | None = None,
    organization: Organization | None = None,
    public: bool = True,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event. Call it inside the action's transaction."""
    if organization is None and ticket is not None:
        organization = ticket.organization
    return AuditEvent.objects.create(
        type=type,
        actor=actor,
        ticket=ticket,
        organization=organization,
        public=public,
        data=data or {},
    )
