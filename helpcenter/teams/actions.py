"""Changing the desk's shape: teams, their members and routing rules. Each change is one
transaction with one audit event (naming the object and what changed); the routing
snapshot of this process is forgotten when it commits (others reread within ROUTING_TTL)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

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


def _record(type: EventType, subject: str, data: dict, *, actor: User) -> None:
    """The change's one event (internal, naming the object), and this process rereads
    the routing snapshot once the change commits. Inside the action's transaction."""
    record_event(type, actor=actor, public=False, subject=subject, data=data)
    transaction.on_commit(forget_routing)


def _subject(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def _before(form, fields) -> dict:
    """What a ModelForm's instance held when the form was made (its `initial`, read from
    the instance then: foreign keys as ids); {} for a new object."""
    return {} if form.instance.pk is None else {f: form.initial.get(f) for f in fields}


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
        _record(
            EventType.TEAM_SAVED,
            _subject(team),
            actor=actor,
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
    return team


RULE_FIELDS = (
    "position",
    "name",
    "team",
    "organization",
    "service",
    "type",
    "priority",
    "channel",
    "is_active",
)


def _rule_data(rule: RoutingRule) -> dict:
    return {
        f: getattr(rule, f"{f}_id" if f in ("team", "organization", "service") else f)
        for f in RULE_FIELDS
    }


def save_rule(form, *, actor: User) -> RoutingRule:
    _require(actor)
    before = _before(form, RULE_FIELDS)
    with transaction.atomic():
        rule = form.save()
        _record(
            EventType.ROUTING_RULE_SAVED,
            _subject(rule),
            actor=actor,
            data={"created": not before, "before": before, "after": _rule_data(rule)},
        )
    return rule


def delete_rule(rule: RoutingRule, *, actor: User) -> None:
    _require(actor)
    subject, before = _subject(rule), _rule_data(rule)
    with transaction.atomic():
        rule.delete()
        _record(EventType.ROUTING_RULE_DELETED, subject, actor=actor, data={"before": before})


TAG_FIELDS = ("name", "is_managed", "is_active")


def save_tag(form, *, actor: User) -> Tag:
    """A TagForm that validated: a tag on (or off) the managed list, active or retired.
    Retiring keeps it on the tickets that have it; it can no longer be added."""
    _require(actor)
    before = _before(form, TAG_FIELDS)
    with transaction.atomic():
        tag = form.save()
        _record(
            EventType.TAG_SAVED,
            _subject(tag),
            actor=actor,
            data={
                "created": not before,
                "before": before,
                "after": {f: getattr(tag, f) for f in TAG_FIELDS},
            },
        )
    return tag
