"""Changing the desk's shape: teams, their members and routing rules. Each change is one
transaction with one audit event (naming the object and what changed); the routing
snapshot of this process is forgotten when it commits (others reread within ROUTING_TTL)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from helpcenter.accounts.models import User
from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event
from helpcenter.teams.models import RoutingRule, Tag, Team, TeamMember
from helpcenter.teams.selectors import forget_routing


def can_shape_desk(user) -> bool:
    """Administrators and whoever holds the `teams.shape_desk` permission (a support
    manager, through a group or directly)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_support_staff
        and (user.role == "admin" or user.has_perm("teams.shape_desk"))
    )


def _require(actor: User) -> None:
    if not can_shape_desk(actor):
        raise PermissionDenied("only managers shape the desk")


def save_team(form, *, actor: User) -> Team:
    """A TeamForm that validated: the team, its members (who is away), one event."""
    _require(actor)
    data = form.cleaned_data
    created = form.instance.pk is None
    with transaction.atomic():
        if data.get("is_default"):
            Team.objects.filter(is_default=True).exclude(pk=form.instance.pk).update(
                is_default=False
            )
        team = form.save()
        members, away = list(data.get("members") or []), set(data.get("away") or [])
        TeamMember.objects.filter(team=team).exclude(user__in=members).delete()
        kept = {m.user_id: m for m in TeamMember.objects.filter(team=team)}
        for user in members:
            if user.pk in kept:
                if kept[user.pk].is_away != (user in away):
                    TeamMember.objects.filter(pk=kept[user.pk].pk).update(is_away=user in away)
            else:
                TeamMember.objects.create(team=team, user=user, is_away=user in away)
        record_event(
            EventType.TEAM_SAVED,
            actor=actor,
            public=False,
            subject=f"teams.team:{team.pk}",
            data={
                "created": created,
                "after": {
                    "name": team.name,
                    "assignment": team.assignment,
                    "lead": team.lead_id,
                    "rota": team.rota_id,
                    "is_default": team.is_default,
                    "is_active": team.is_active,
                    "members": sorted(u.pk for u in members),
                    "away": sorted(u.pk for u in away),
                    "services": sorted(s.pk for s in data.get("services") or []),
                    "organizations": sorted(o.pk for o in data.get("organizations") or []),
                },
            },
        )
        transaction.on_commit(forget_routing)
    return team


def _rule_data(rule: RoutingRule) -> dict:
    return {
        "position": rule.position,
        "name": rule.name,
        "team": rule.team_id,
        "organization": rule.organization_id,
        "service": rule.service_id,
        "type": rule.type,
        "priority": rule.priority,
        "channel": rule.channel,
        "is_active": rule.is_active,
    }


def save_rule(form, *, actor: User) -> RoutingRule:
    _require(actor)
    created = form.instance.pk is None
    before = {} if created else _rule_data(RoutingRule.objects.get(pk=form.instance.pk))
    with transaction.atomic():
        rule = form.save()
        record_event(
            EventType.ROUTING_RULE_SAVED,
            actor=actor,
            public=False,
            subject=f"teams.routingrule:{rule.pk}",
            data={"created": created, "before": before, "after": _rule_data(rule)},
        )
        transaction.on_commit(forget_routing)
    return rule


def delete_rule(rule: RoutingRule, *, actor: User) -> None:
    _require(actor)
    with transaction.atomic():
        before = _rule_data(rule)
        pk = rule.pk
        rule.delete()
        record_event(
            EventType.ROUTING_RULE_DELETED,
            actor=actor,
            public=False,
            subject=f"teams.routingrule:{pk}",
            data={"before": before, "at": timezone.now().isoformat()},
        )
        transaction.on_commit(forget_routing)


def save_tag(form, *, actor: User) -> Tag:
    """A TagForm that validated: a tag on (or off) the managed list, active or retired.
    Retiring keeps it on the tickets that have it; it can no longer be added."""
    _require(actor)
    created = form.instance.pk is None
    before = (
        {}
        if created
        else dict(
            Tag.objects.filter(pk=form.instance.pk).values("name", "is_managed", "is_active")[0]
        )
    )
    with transaction.atomic():
        tag = form.save()
        record_event(
            EventType.TAG_SAVED,
            actor=actor,
            public=False,
            subject=f"teams.tag:{tag.pk}",
            data={
                "created": created,
                "before": before,
                "after": {
                    "name": tag.name,
                    "is_managed": tag.is_managed,
                    "is_active": tag.is_active,
                },
            },
        )
        transaction.on_commit(forget_routing)
    return tag
