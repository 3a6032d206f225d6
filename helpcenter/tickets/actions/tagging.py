"""Tagging a ticket: add and remove labels from the managed list (or, with FREE_TAGS,
new ones). Internal: the client sees no tags."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from helpcenter.accounts.models import User
from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event
from helpcenter.teams.selectors import tags_named
from helpcenter.teams.tags import invalid, normalize
from helpcenter.tickets.actions.steps import lock, require_staff, touch
from helpcenter.tickets.models import Ticket
from helpcenter.tickets.statuses import ActionRefused


def tag_ticket(
    ticket: Ticket,
    *,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    actor: User,
    expected_version: int | None = None,
) -> Ticket:
    """One event with the tags before and after; nothing written when nothing changes."""
    require_staff(actor)
    add = [n for n in map(normalize, add) if n]
    remove = [n for n in map(normalize, remove) if n]
    bad = [n for n in add if invalid(n)]
    if bad:
        raise ActionRefused(
            _("A tag has up to 50 letters, digits, spaces or . : / + # - _ (%(tags)s).")
            % {"tags": ", ".join(bad)}
        )
    with transaction.atomic():
        known = tags_named(add, create=settings.FREE_TAGS)
        unknown = [n for n in add if n not in known or not known[n].is_active]
        if unknown:
            raise ActionRefused(
                _("Not on the list of tags: %(tags)s.") % {"tags": ", ".join(unknown)}
            )
        ticket = lock(ticket, expected_version)
        current = {t.name: t for t in ticket.tags.all()}
        adding = [known[n] for n in add if n not in current]
        removing = [current[n] for n in remove if n in current]
        if not adding and not removing:
            return ticket
        if adding:
            ticket.tags.add(*adding)
        if removing:
            ticket.tags.remove(*removing)
        touch(ticket)
        after = sorted({*current, *(t.name for t in adding)} - {t.name for t in removing})
        record_event(
            EventType.TICKET_TAGGED,
            actor=actor,
            ticket=ticket,
            public=False,
            data={"before": {"tags": sorted(current)}, "after": {"tags": after}},
        )
    return ticket
