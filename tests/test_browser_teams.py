"""Teams and routing in real Chromium (issue 31's walk, without the custom fields not yet
built): a manager creates two teams and a routing rule on the configuration pages; a
client opens a ticket on that service through the form; it lands in the right team's
queue, assigned round-robin, and its history names the rule; out of hours the page
goes to that team's rota; the API shows the team and the agent tags it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from helpcenter.oncall import paging
from helpcenter.oncall.models import Page, Rota, RotaMember
from helpcenter.teams.models import RoutingRule, Tag, Team
from helpcenter.tickets.models import Ticket
from tests.conftest import make_user
from tests.helpers import signed_in_page

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _contract(default_contract):
    """Live-server tests flush the database between tests: the contract comes back."""


def test_a_manager_shapes_the_desk_and_a_ticket_finds_its_team(
    browser, live_server, world, monkeypatch
):
    monkeypatch.setattr(paging, "in_business_hours", lambda at: False)  # night
    Team.objects.get_or_create(name="Suporte", defaults={"is_default": True})
    lead = make_user("lider@support.example", "agent", name="Lia Líder")
    lead.user_permissions.add(Permission.objects.get(codename="shape_desk"))
    second = make_user("rui@support.example", "agent", name="Rui Redes")
    night = Rota.objects.create(name="Plantão infra", anchor=timezone.now() - dt.timedelta(hours=1))
    RotaMember.objects.create(rota=night, user=second, position=0)
    company = Rota.objects.create(
        name="Plantão geral", anchor=timezone.now() - dt.timedelta(hours=1)
    )
    RotaMember.objects.create(rota=company, user=world.agent, position=0)
    Tag.objects.create(name="rede")

    context, page = signed_in_page(browser, live_server, lead)
    page.goto(f"{live_server.url}/console/teams/")
    page.fill("#id_name", "Infraestrutura")
    page.check(f"#team-form input[name=members][value='{lead.pk}']")
    page.check(f"#team-form input[name=members][value='{second.pk}']")
    page.select_option("#id_lead", str(lead.pk))
    page.select_option("#id_assignment", "round_robin")
    page.select_option("#id_rota", str(night.pk))
    with page.expect_navigation():
        page.click("#team-form button[type=submit]")
    page.fill("#id_name", "Aplicações")
    with page.expect_navigation():
        page.click("#team-form button[type=submit]")
    assert "Infraestrutura" in page.locator("#teams").inner_text()
    infra = Team.objects.get(name="Infraestrutura")

    page.goto(f"{live_server.url}/console/teams/rules/")
    page.fill("#id_name", "Portal da Org A")
    page.select_option("#id_team", str(infra.pk))
    page.select_option("#id_service", str(world.service_a.pk))
    with page.expect_navigation():
        page.click("#rule-form button[type=submit]")
    assert "Portal da Org A" in page.locator("#rules").inner_text()
    assert RoutingRule.objects.get().team == infra
    context.close()

    # The client opens a P1 on that service through the form.
    ctx, client_page = signed_in_page(browser, live_server, world.client_a)
    client_page.goto(f"{live_server.url}/tickets/new/")
    client_page.check("input[name=type][value=incident]")
    client_page.check("input[name=priority][value=P1]")
    client_page.select_option("#id_service", label=world.service_a.name)
    client_page.fill("#id_title", "Link de dados caiu")
    client_page.fill("#id_description", "Sem acesso desde 02:10.")
    client_page.click("#ticket-form button[type=submit]")
    client_page.wait_for_url(f"{live_server.url}/tickets/*/")
    assert "Infraestrutura" not in client_page.locator("main").inner_text()  # internal
    ctx.close()
    ticket = Ticket.objects.get(title="Link de dados caiu")
    assert ticket.team_id == infra.pk and ticket.assignee_id == lead.pk  # first turn
    # Out of hours, the team's rota is paged, not the company-wide one.
    assert [p.user_id for p in Page.objects.filter(ticket=ticket)] == [second.pk]

    # The agent finds it in "My teams", reads the routing line, and tags it.
    ctx, agent = signed_in_page(browser, live_server, second)
    agent.goto(f"{live_server.url}/console/queue/team/")
    assert "Link de dados caiu" in agent.locator("main").inner_text()
    agent.goto(f"{live_server.url}/tickets/{ticket.pk}/")
    history = agent.locator("#history").inner_text()
    assert "Infraestrutura" in history and "Portal da Org A" in history
    assert "Infraestrutura" in agent.locator("#ticket-team").inner_text()
    agent.fill("#tags_tags", "rede")
    with agent.expect_navigation():
        agent.click("#tags-form button[type=submit]")
    assert [t.name for t in ticket.tags.all()] == ["rede"]
    ctx.close()

    # The API shows the team and the tag to the support team.
    from helpcenter.api.actions import create_token

    _token, secret = create_token(second, name="t", actor=second)
    body = (
        Client().get(f"/api/v1/tickets/{ticket.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    )
    assert body["team"] == {"id": infra.pk, "name": "Infraestrutura"} and body["tags"] == ["rede"]
