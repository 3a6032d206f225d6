"""Teams and routing (issue 31): the default team, ordered rules, assignment within a
team, moving a ticket, "my teams", paging the team's rota, the API, the managers' pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from helpcenter.audit.models import AuditEvent
from helpcenter.oncall.models import Page, Rota, RotaMember
from helpcenter.teams.models import Assignment, RoutingRule, Team, TeamMember
from helpcenter.teams.routing import Rule, Snapshot, TeamView, decide
from helpcenter.teams.selectors import forget_routing
from helpcenter.tickets import actions
from tests.conftest import make_user
from tests.helpers import open_ticket

SATURDAY_3AM = dt.datetime.fromisoformat("2026-11-21T03:00:00-03:00")


def team(name: str, *members, assignment=Assignment.MANUAL, **extra) -> Team:
    found = Team.objects.create(name=name, assignment=assignment, **extra)
    for user in members:
        TeamMember.objects.create(team=found, user=user)
    forget_routing()
    return found


def rule(position: int, to: Team, **conditions) -> RoutingRule:
    found = RoutingRule.objects.create(
        position=position, name=f"rule {position}", team=to, **conditions
    )
    forget_routing()
    return found


def opened_event(ticket) -> AuditEvent:
    return AuditEvent.objects.get(ticket=ticket, type="ticket.created")


def test_no_rule_sends_a_ticket_to_the_default_team_and_the_event_says_so(world):
    default = Team.objects.get(is_default=True)
    ticket = open_ticket(world)
    assert ticket.team_id == default.pk and ticket.assignee_id is None
    routed = opened_event(ticket).data["routed"]
    assert routed == {
        "team": default.pk,
        "team_name": default.name,
        "rule": None,
        "rule_position": None,
        "rule_name": "",
    }


def test_the_first_matching_rule_by_position_wins_and_inactive_ones_are_skipped(world):
    infra, apps_team = team("Infraestrutura"), team("Aplicações")
    rule(10, apps_team, service=world.service_a, priority="P1", is_active=False)
    rule(20, infra, service=world.service_a)
    rule(30, apps_team, organization=world.org_a)
    ticket = open_ticket(world, priority="P1")
    assert ticket.team_id == infra.pk
    routed = opened_event(ticket).data["routed"]
    assert (routed["rule_position"], routed["team_name"]) == (20, "Infraestrutura")
    other = open_ticket(world, service=world.service_a2)
    assert other.team_id == apps_team.pk


def test_a_rule_of_an_inactive_team_is_reported_and_skipped(client, world):
    gone = team("Antiga")
    rule(10, gone, organization=world.org_a)
    Team.objects.filter(pk=gone.pk).update(is_active=False)
    forget_routing()
    assert open_ticket(world).team_id == Team.objects.get(is_default=True).pk
    client.force_login(world.admin)
    page = client.get(reverse("teams:rules")).content.decode()
    assert 'id="stale-rules"' in page and "rule 10" in page


def test_round_robin_takes_turns_and_skips_members_away(world):
    second = make_user("bruno@support.example", "agent", name="Bruno")
    third = make_user("carla@support.example", "agent", name="Carla")
    infra = team("Infraestrutura", world.agent, second, third, assignment=Assignment.ROUND_ROBIN)
    TeamMember.objects.filter(team=infra, user=third).update(is_away=True)
    rule(10, infra, organization=world.org_a)
    tickets = [open_ticket(world) for _ in range(4)]
    assert [t.assignee_id for t in tickets] == [
        world.agent.pk,
        second.pk,
        world.agent.pk,
        second.pk,
    ]
    assert opened_event(tickets[1]).data["after"]["assignee"] == second.pk
    assert all(t.status == "open" for t in tickets)  # assigned, still to be triaged


def test_fewest_open_goes_to_the_member_with_the_least_work(world):
    second = make_user("bruno@support.example", "agent", name="Bruno")
    infra = team("Infraestrutura", world.agent, second, assignment=Assignment.FEWEST_OPEN)
    busy = open_ticket(world)  # before the rule: the default team
    actions.assign_ticket(busy, assignee=world.agent, actor=world.agent)
    rule(10, infra, organization=world.org_a)
    assert open_ticket(world).assignee_id == second.pk


def test_routing_over_200_rules_is_a_walk_in_memory():
    teams = {1: TeamView(1, "Default", "manual", ()), 2: TeamView(2, "Infra", "manual", ())}
    rules = tuple(
        Rule(i, i, f"r{i}", 2, None, 1000 + i, "", "", "") for i in range(200)
    )  # none matches service 5
    snapshot = Snapshot(rules, teams, default_team=1)

    class New:
        organization_id, service_id, type, priority, channel = 1, 5, "incident", "P1", "portal"

    decision = decide(snapshot, New())
    assert decision is not None and decision.team.pk == 1 and decision.rule is None


def test_moving_a_ticket_is_internal_and_shown_to_the_team_only(client, world):
    infra = team("Infraestrutura")
    ticket = open_ticket(world)
    client.force_login(world.agent)
    answer = client.post(
        reverse("portal:ticket_team", args=[ticket.pk]),
        {"team": infra.pk, "reason": "rede", "version": ticket.version},
    )
    assert answer.status_code == 302
    ticket.refresh_from_db()
    assert ticket.team_id == infra.pk
    event = AuditEvent.objects.get(ticket=ticket, type="ticket.team_changed")
    assert not event.public and event.data["team_name"] == "Infraestrutura"
    agent_page = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert "Routed to" in agent_page or "Encaminhado" in agent_page
    assert "Infraestrutura" in agent_page
    client.force_login(world.client_a)
    client_page = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert "Infraestrutura" not in client_page and "Suporte" not in client_page
    assert (
        client.post(reverse("portal:ticket_team", args=[ticket.pk]), {"team": infra.pk}).status_code
        == 404
    )


def test_my_teams_queue_lists_the_teams_active_tickets(client, world):
    infra = team("Infraestrutura", world.agent)
    rule(10, infra, service=world.service_a)
    mine = open_ticket(world, title="Rede fora")
    other = open_ticket(world, service=world.service_a2, title="Relatório lento")
    client.force_login(world.agent)
    page = client.get(reverse("console:queue", args=["team"])).content.decode()
    assert mine.title in page and other.title not in page
    filtered = client.get(reverse("console:queue", args=["all"]), {"team": infra.pk})
    assert mine.title in filtered.content.decode()
    assert other.title not in filtered.content.decode()


def test_a_p1_pages_the_rota_of_its_team_before_the_company_wide_one(world):
    second = make_user("bruno@support.example", "agent", name="Bruno")
    anchor = dt.datetime.fromisoformat("2026-11-02T08:00:00-03:00")
    company = Rota.objects.create(name="Plantão geral", anchor=anchor)
    RotaMember.objects.create(rota=company, user=world.agent, position=0)
    own = Rota.objects.create(name="Plantão infra", anchor=anchor)
    RotaMember.objects.create(rota=own, user=second, position=0)
    infra = team("Infraestrutura", second, rota=own)
    rule(10, infra, service=world.service_a)
    with time_machine.travel(SATURDAY_3AM, tick=False):
        open_ticket(world, priority="P1")
        assert [p.user_id for p in Page.objects.all()] == [second.pk]
        open_ticket(world, priority="P1", service=world.service_a2)
    assert sorted(p.user_id for p in Page.objects.all()) == sorted([second.pk, world.agent.pk])


def test_the_api_shows_the_team(client, world):
    from helpcenter.api.actions import create_token

    infra = team("Infraestrutura")
    rule(10, infra, service=world.service_a)
    ticket = open_ticket(world)
    _token, secret = create_token(world.agent, name="t", actor=world.agent)
    body = client.get(f"/api/v1/tickets/{ticket.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert body["team"] == {"id": infra.pk, "name": "Infraestrutura"}


@pytest.mark.parametrize("who", ["agent", "manager", "client_a"])
def test_only_managers_shape_the_desk(client, world, who):
    client.force_login(world.personas()[who])
    assert client.get(reverse("teams:list")).status_code == 404
    assert client.get(reverse("teams:rules")).status_code == 404


def test_a_manager_with_the_permission_creates_a_team_and_a_rule_audited(client, world):
    lead = make_user("lider@support.example", "agent", name="Líder")
    lead.user_permissions.add(Permission.objects.get(codename="shape_desk"))
    client.force_login(lead)
    answer = client.post(
        reverse("teams:list"),
        {
            "name": "Infraestrutura",
            "lead": lead.pk,
            "members": [lead.pk, world.agent.pk],
            "away": [world.agent.pk],
            "assignment": "round_robin",
            "is_active": "on",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    infra = Team.objects.get(name="Infraestrutura")
    assert TeamMember.objects.get(team=infra, user=world.agent).is_away
    refused = client.post(reverse("teams:rules"), {"position": 10, "name": "x", "team": infra.pk})
    assert refused.status_code == 400
    wrong = client.post(
        reverse("teams:rules"),
        {
            "position": 10,
            "name": "x",
            "team": infra.pk,
            "organization": world.org_b.pk,
            "service": world.service_a.pk,
        },
    )
    assert wrong.status_code == 400
    saved = client.post(
        reverse("teams:rules"),
        {
            "position": 10,
            "name": "Portal A",
            "team": infra.pk,
            "service": world.service_a.pk,
            "is_active": "on",
        },
    )
    assert saved.status_code == 302
    assert open_ticket(world).team_id == infra.pk  # the change applies at once here
    assert open_ticket(world).assignee_id == lead.pk  # the member away is skipped
    kinds = list(
        AuditEvent.objects.filter(type__in=["team.saved", "routing_rule.saved"]).values_list(
            "type", flat=True
        )
    )
    assert kinds == ["team.saved", "routing_rule.saved"]
    rule_id = RoutingRule.objects.get().pk
    assert client.post(reverse("teams:rule_delete", args=[rule_id])).status_code == 302
    assert AuditEvent.objects.filter(type="routing_rule.deleted").count() == 1


def test_the_default_team_cannot_be_switched_off_without_another(client, world):
    default = Team.objects.get(is_default=True)
    client.force_login(world.admin)
    answer = client.post(
        reverse("teams:edit", args=[default.pk]),
        {"name": default.name, "assignment": "manual", "is_active": "on"},
    )
    assert answer.status_code == 400
    assert Team.objects.get(pk=default.pk).is_default


def test_a_team_with_its_own_hours_is_told_not_paged_when_it_is_staffed(world):
    from helpcenter.notifications.models import OutboxMessage
    from helpcenter.slas.models import BusinessCalendar

    anchor = dt.datetime.fromisoformat("2026-11-02T08:00:00-03:00")
    rota = Rota.objects.create(name="Plantão geral", anchor=anchor)
    RotaMember.objects.create(rota=rota, user=world.agent, position=0)
    staffed = BusinessCalendar.objects.create(name="NOC 24x7", always_open=True)
    noc = team("NOC", world.agent, calendar=staffed)
    rule(10, noc, service=world.service_a)
    with time_machine.travel(SATURDAY_3AM, tick=False):
        open_ticket(world, priority="P1")  # the NOC works nights: told, nobody woken
        assert Page.objects.count() == 0
        assert OutboxMessage.objects.filter(template="urgent_ticket").exists()
        open_ticket(world, priority="P1", service=world.service_a2)  # the desk's hours
    assert Page.objects.count() == 1
