"""Tags (issue 31 item 4): the managed list, free tags, the ticket page, the console's
bulk action and filter, the API and webhooks (the support team's only), the managers'
page; and the reports broken down by team."""

from __future__ import annotations

import pytest
from django.urls import reverse

from helpcenter.audit.models import AuditEvent
from helpcenter.teams.models import RoutingRule, Tag, Team
from helpcenter.teams.selectors import forget_routing
from helpcenter.tickets import actions
from helpcenter.tickets.statuses import ActionRefused
from helpcenter.webhooks.events import _for_clients
from tests.helpers import open_ticket


@pytest.fixture
def tags(db):
    made = [Tag.objects.create(name=n) for n in ("rede", "banco de dados")]
    Tag.objects.create(name="antiga", is_active=False)
    forget_routing()
    return made


def names(ticket) -> list[str]:
    return sorted(t.name for t in ticket.tags.all())


def test_agents_tag_from_the_list_and_the_client_sees_no_tag(client, world, tags):
    ticket = open_ticket(world)
    client.force_login(world.agent)
    url = reverse("portal:ticket_tags", args=[ticket.pk])
    answer = client.post(url, {"tags": " Rede , banco  de dados", "version": ticket.version})
    assert answer.status_code == 302
    assert names(ticket) == ["banco de dados", "rede"]
    event = AuditEvent.objects.get(ticket=ticket, type="ticket.tagged")
    assert not event.public
    assert event.data == {
        "before": {"tags": []},
        "after": {"tags": ["banco de dados", "rede"]},
    }
    ticket.refresh_from_db()
    client.post(url, {"tags": "rede", "version": ticket.version})
    assert names(ticket) == ["rede"]
    page = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert 'value="rede"' in page and 'id="tags-form"' in page
    client.force_login(world.client_a)
    page = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert 'id="tags-form"' not in page and "rede" not in page


def test_a_tag_off_the_list_or_retired_is_refused_unless_free_tags(world, tags, settings):
    ticket = open_ticket(world)
    for refused in (["nova"], ["antiga"], ["<b>x</b>"]):
        with pytest.raises(ActionRefused):
            actions.tag_ticket(ticket, add=refused, actor=world.agent)
    assert names(ticket) == []
    settings.FREE_TAGS = True
    actions.tag_ticket(ticket, add=["Nova"], actor=world.agent)
    assert names(ticket) == ["nova"] and not Tag.objects.get(name="nova").is_managed
    with pytest.raises(ActionRefused):
        actions.tag_ticket(ticket, add=["antiga"], actor=world.agent)  # retired stays refused


def test_bulk_tagging_and_the_console_filter(client, world, tags):
    first, second, third = (open_ticket(world, title=f"Chamado {n}") for n in "ABC")
    client.force_login(world.agent)
    answer = client.post(
        reverse("console:bulk"),
        {"ids": [first.pk, second.pk], "action": "tag_add", "tag": "Rede"},
    )
    assert answer.status_code == 302
    assert names(first) == names(second) == ["rede"] and names(third) == []
    page = client.get(reverse("console:queue", args=["all"]), {"tag": "rede"}).content.decode()
    assert "Chamado A" in page and "Chamado B" in page and "Chamado C" not in page
    client.post(reverse("console:bulk"), {"ids": [first.pk], "action": "tag_remove", "tag": "rede"})
    assert names(first) == []
    missing = client.post(reverse("console:bulk"), {"ids": [first.pk], "action": "tag_add"})
    assert missing.status_code == 302 and names(first) == []


def test_the_api_shows_tags_to_the_team_only(client, world, tags):
    from helpcenter.api.actions import create_token

    ticket = open_ticket(world)
    actions.tag_ticket(ticket, add=["rede"], actor=world.agent)
    for user, expected in ((world.agent, ["rede"]), (world.client_a, [])):
        _token, secret = create_token(user, name="t", actor=user)
        body = client.get(
            f"/api/v1/tickets/{ticket.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}"
        ).json()
        assert body["tags"] == expected


def test_webhooks_give_tags_team_and_routing_to_internal_endpoints_only(world):
    payload = {
        "event": "ticket.created",
        "ticket": {"id": 1, "team": 3, "tags": ["rede"], "title": "x"},
        "data": {"after": {"status": "open"}, "routed": {"team": 3}},
    }
    shared = _for_clients(payload)
    assert shared["ticket"] == {"id": 1, "title": "x"}
    assert shared["data"] == {"after": {"status": "open"}}
    assert payload["ticket"]["tags"] == ["rede"]  # the internal payload is untouched


def test_managers_keep_the_list_audited(client, world):
    client.force_login(world.admin)
    answer = client.post(
        reverse("teams:tags"), {"name": "  Banco  de Dados ", "is_managed": "on", "is_active": "on"}
    )
    assert answer.status_code == 302
    tag = Tag.objects.get()
    assert tag.name == "banco de dados"
    again = client.post(reverse("teams:tags"), {"name": "banco de dados", "is_active": "on"})
    assert again.status_code == 400
    bad = client.post(reverse("teams:tags"), {"name": "<script>", "is_active": "on"})
    assert bad.status_code == 400
    client.post(reverse("teams:tag_edit", args=[tag.pk]), {"name": tag.name})  # retire it
    tag.refresh_from_db()
    assert not tag.is_active
    assert AuditEvent.objects.filter(type="tag.saved").count() == 2
    client.force_login(world.agent)
    assert client.get(reverse("teams:tags")).status_code == 404


def test_the_sla_report_breaks_down_by_team(client, world):
    infra = Team.objects.create(name="Infraestrutura")
    RoutingRule.objects.create(position=1, name="A", team=infra, service=world.service_a)
    forget_routing()
    open_ticket(world)
    open_ticket(world, service=world.service_a2)
    client.force_login(world.admin)
    answer = client.get(reverse("reports:sla"), {"group": "team"})
    assert answer.status_code == 200
    groups = {row.group for row, _ in answer.context["rows"]}
    assert groups == {"Infraestrutura", "Suporte"}


def test_the_api_moves_and_tags_for_the_team_and_refuses_clients(world, tags):
    import json

    from django.test import Client

    from helpcenter.api.actions import create_token

    infra = Team.objects.create(name="Infraestrutura")
    forget_routing()
    ticket = open_ticket(world)

    def patch(user, body):
        secret = create_token(user, name=f"t{user.pk}", actor=user)[1]
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}").patch(
            f"/api/v1/tickets/{ticket.pk}", json.dumps(body), content_type="application/json"
        )

    denied = patch(world.client_a, {"add_tags": ["rede"], "team": infra.pk})
    assert denied.status_code == 400
    assert set(denied.json()["errors"]) == {"add_tags", "team"}
    unknown = patch(world.agent, {"add_tags": ["nova"]})
    assert unknown.status_code == 400 and "add_tags" in unknown.json()["errors"]
    bad_team = patch(world.agent, {"team": 999_999})
    assert bad_team.status_code == 400 and "team" in bad_team.json()["errors"]
    done = patch(world.agent, {"team": infra.pk, "add_tags": ["Rede"]})
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["team"]["name"] == "Infraestrutura" and body["tags"] == ["rede"]
    kinds = set(AuditEvent.objects.filter(ticket=ticket).values_list("type", flat=True))
    assert {"ticket.team_changed", "ticket.tagged"} <= kinds
