"""The routing decision, in memory: which team a new ticket goes to and by which rule.

No queries here: `selectors.routing_snapshot()` reads the rules and teams (once per
ROUTING_TTL seconds per process) and this module matches a ticket against them, so a
decision over hundreds of rules costs microseconds and no statement.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    pk: int
    position: int
    name: str
    team_id: int
    organization_id: int | None
    service_id: int | None
    type: str
    priority: str
    channel: str

    def matches(self, ticket) -> bool:
        return (
            (self.organization_id is None or self.organization_id == ticket.organization_id)
            and (self.service_id is None or self.service_id == ticket.service_id)
            and (not self.type or self.type == ticket.type)
            and (not self.priority or self.priority == ticket.priority)
            and (not self.channel or self.channel == ticket.channel)
        )


@dataclass(frozen=True)
class TeamView:
    pk: int
    name: str
    assignment: str
    # Members automatic assignment may pick: active, not away; in join order.
    available: tuple[int, ...]
    calendar_id: int | None = None  # its own business hours, when they differ


@dataclass(frozen=True)
class Snapshot:
    rules: tuple[Rule, ...]  # active rules of active teams, by position
    teams: dict[int, TeamView]  # active teams
    default_team: int | None
    tags: tuple[str, ...] = ()  # the managed list, active (for suggestions)


@dataclass(frozen=True)
class Decision:
    team: TeamView
    rule: Rule | None  # None: no rule matched, the default team

    def as_data(self) -> dict:
        """What the opening event records of it."""
        return {
            "team": self.team.pk,
            "team_name": self.team.name,
            "rule": self.rule.pk if self.rule else None,
            "rule_position": self.rule.position if self.rule else None,
            "rule_name": self.rule.name if self.rule else "",
        }


def decide(snapshot: Snapshot, ticket) -> Decision | None:
    """The first active rule matching `ticket`, else the default team; None when the
    desk has no team at all."""
    for rule in snapshot.rules:
        if rule.matches(ticket):
            return Decision(snapshot.teams[rule.team_id], rule)
    if snapshot.default_team is not None:
        return Decision(snapshot.teams[snapshot.default_team], None)
    return None
