"""Reads of teams and rules: the routing snapshot (cached per process) and the
configuration pages' lists."""

from __future__ import annotations

import time

from django.db.models import Prefetch, QuerySet

from helpcenter.teams.models import RoutingRule, Tag, Team, TeamMember
from helpcenter.teams.routing import Rule, Snapshot, TeamView

# Every ticket opened asks; the rules change a few times a month. A change made in
# this process applies at once (the actions forget the snapshot on commit); in the
# other processes within ROUTING_TTL seconds. The same trade-off as incidents/active.py.
ROUTING_TTL = 10.0
_snapshot: Snapshot | None = None
_read_at = float("-inf")


def forget_routing() -> None:
    global _snapshot, _read_at
    _snapshot, _read_at = None, float("-inf")


def routing_snapshot() -> Snapshot:
    global _snapshot, _read_at
    if _snapshot is None or time.monotonic() - _read_at > ROUTING_TTL:
        _snapshot, _read_at = read_snapshot(), time.monotonic()
    return _snapshot


def read_snapshot() -> Snapshot:
    """Four statements: the active teams, their available members, the rules, the
    managed tags (the pages' suggestions)."""
    available = TeamMember.objects.filter(is_away=False, user__is_active=True).order_by("id")
    rows = list(
        Team.objects.filter(is_active=True).prefetch_related(
            Prefetch("members", queryset=available, to_attr="available")
        )
    )
    teams = {
        t.pk: TeamView(
            t.pk, t.name, t.assignment, tuple(m.user_id for m in t.available), t.calendar_id
        )
        for t in rows
    }
    default = next((t.pk for t in rows if t.is_default), None)
    rules = tuple(
        Rule(
            r.pk,
            r.position,
            r.name,
            r.team_id,
            r.organization_id,
            r.service_id,
            r.type,
            r.priority,
            r.channel,
        )
        for r in RoutingRule.objects.filter(is_active=True, team__is_active=True).order_by(
            "position", "id"
        )
    )
    tags = tuple(Tag.objects.filter(is_active=True, is_managed=True).values_list("name", flat=True))
    return Snapshot(rules, teams, default, tags)


def active_teams() -> QuerySet[Team]:
    return Team.objects.filter(is_active=True)


def teams_for_config() -> QuerySet[Team]:
    return Team.objects.select_related("lead", "rota").prefetch_related(
        Prefetch("members", queryset=TeamMember.objects.select_related("user"))
    )


def rules_for_config() -> QuerySet[RoutingRule]:
    return RoutingRule.objects.select_related("team", "organization", "service")


def stale_rules() -> list[tuple[RoutingRule, str]]:
    """Rules that can never send a ticket anywhere, with why (shown on the
    configuration page; routing skips them)."""
    from django.utils.translation import gettext as _

    found = []
    for rule in rules_for_config().filter(is_active=True):
        if not rule.team.is_active:
            found.append((rule, _("its team is inactive")))
        elif rule.service is not None and not rule.service.is_active:
            found.append((rule, _("its service is retired")))
        elif (
            rule.service is not None
            and rule.organization_id
            and rule.service.organization_id != rule.organization_id
        ):
            found.append((rule, _("its service is not one of its organization's")))
    return found


def my_teams(user) -> QuerySet:
    """The teams `user` belongs to, as a subquery (no statement of its own)."""
    return TeamMember.objects.filter(user=user).values("team_id")


def team_rota_id(team_id: int | None) -> int | None:
    if team_id is None:
        return None
    return Team.objects.filter(pk=team_id).values_list("rota_id", flat=True).first()


def active_team(pk: int) -> Team:
    """An active team by id, for an action; 404 otherwise."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Team, pk=pk, is_active=True)


def team_name(team_id: int | None) -> str:
    """The name of a ticket's team, from the snapshot when it is active (no query)."""
    if team_id is None:
        return ""
    found = routing_snapshot().teams.get(team_id)
    if found is not None:
        return found.name
    return Team.objects.filter(pk=team_id).values_list("name", flat=True).first() or ""


def tags_named(names: list[str], *, create: bool) -> dict[str, Tag]:
    """The tags with these (normalized) names; with `create`, the missing ones are made
    as free tags (not on the managed list)."""
    found = {t.name: t for t in Tag.objects.filter(name__in=names)}
    missing = [n for n in names if n not in found]
    if create and missing:
        Tag.objects.bulk_create(
            [Tag(name=n, is_managed=False) for n in missing], ignore_conflicts=True
        )
        found.update({t.name: t for t in Tag.objects.filter(name__in=missing)})
    return found


def all_tags() -> QuerySet[Tag]:
    return Tag.objects.all()


def managed_tag_names() -> list[str]:
    """For the pages' suggestions: from the routing snapshot (no query)."""
    return list(routing_snapshot().tags)


def tag_name_taken(name: str, *, but: int | None) -> bool:
    found = Tag.objects.filter(name=name)
    return (found.exclude(pk=but) if but is not None else found).exists()


def team_hours_open(team_id: int | None, at) -> bool | None:
    """Whether the team of a ticket is in its own business hours at `at`; None when
    the team keeps the desk's hours (no calendar of its own), for paging to decide."""
    from helpcenter.slas.models import BusinessCalendar
    from helpcenter.slas.policies import engine_calendar

    team = routing_snapshot().teams.get(team_id or 0)
    if team is None or team.calendar_id is None:
        return None
    row = BusinessCalendar.objects.filter(pk=team.calendar_id).first()
    return engine_calendar(row).is_open(at) if row is not None else None
