"""Who is on call: the rotation's arithmetic, in wall-clock time so hand-overs stay at 08:00."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from helpcenter.accounts.models import User
from helpcenter.oncall.models import Rota
from helpcenter.oncall.selectors import active_rotas


@dataclass
class Shift:
    start: datetime
    end: datetime
    user: User | None
    override: bool = False


def _zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _shift_bounds(rota: Rota, at: datetime) -> tuple[int, datetime, datetime]:
    """Index of the regular shift containing `at`, and its start and end (aware)."""
    zone = _zone()
    anchor_local = rota.anchor.astimezone(zone).replace(tzinfo=None)
    at_local = at.astimezone(zone).replace(tzinfo=None)
    length = timedelta(days=rota.shift_days)
    index = (at_local - anchor_local) // length
    start_local = anchor_local + index * length
    return (
        index,
        start_local.replace(tzinfo=zone),
        (start_local + length).replace(tzinfo=zone),
    )


def regular_person(rota: Rota, index: int) -> User | None:
    members = list(rota.members.select_related("user").order_by("position"))
    if not members:
        return None
    return members[index % len(members)].user


def on_call(rota: Rota, at: datetime) -> Shift:
    override = (
        rota.overrides.select_related("user")
        .filter(starts_at__lte=at, ends_at__gt=at)
        .order_by("-starts_at")
        .first()
    )
    index, start, end = _shift_bounds(rota, at)
    if override is not None:
        return Shift(override.starts_at, override.ends_at, override.user, override=True)
    return Shift(start, end, regular_person(rota, index))


def upcoming(rota: Rota, at: datetime, count: int = 4) -> list[Shift]:
    """The current shift and the next ones (overrides shown where they start)."""
    shifts = [on_call(rota, at)]
    while len(shifts) < count:
        shifts.append(on_call(rota, shifts[-1].end))
    return shifts


def next_in_rota(rota: Rota, user: User) -> User | None:
    """The person after `user` by position (wrapping), for escalation."""
    members = [m.user for m in rota.members.select_related("user").order_by("position")]
    active = [m for m in members if m.is_active]
    if len(active) < 2:
        return None
    if user not in active:
        return active[0]
    return active[(active.index(user) + 1) % len(active)]


def people_on_call(at: datetime) -> list:
    """The person on call now on each active rota (for notices without an assignee)."""
    return [on_call(rota, at).user for rota in active_rotas()]
