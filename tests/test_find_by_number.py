"""A ticket is found by the number people say, in whatever form they type it, in the
console search, the audit search, the client's own list and the API; an exact number
match comes first, and nobody finds another organization's ticket that way."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from helpcenter.api.actions import create_token
from helpcenter.tickets import actions
from helpcenter.tickets.models import parse_number
from tests.helpers import open_ticket

FORMS = ["HS-{n:06d}", "hs-{n}", "{n}", "#{n}", "{n:06d}", " HS {n} "]


def _forms(pk: int) -> list[str]:
    return [f.format(n=pk) for f in FORMS]


def test_every_form_people_say_parses_to_the_number():
    for text in _forms(4):
        assert parse_number(text) == 4, text
    for text in ("HS-", "#", "0", "HS-0", "abc", "4a", "HSBC", "", "²"):
        assert parse_number(text) is None, text


@pytest.fixture
def tickets(world):
    target = open_ticket(world, title="Fatura duplicada")
    # Another ticket whose words mention the number: found too, after the exact match.
    mention = open_ticket(world, title=f"Relacionado ao {target.pk}")
    actions.add_reply(mention, body=f"ver chamado {target.pk}", actor=world.client_a)
    foreign = open_ticket(world, requester=world.client_b, title="Loja lenta")
    return target, mention, foreign


def test_the_console_search_finds_a_number_in_any_form_exact_first(client, world, tickets):
    target, _mention, foreign = tickets
    client.force_login(world.agent)
    url = reverse("console:queue", args=["all"])
    for text in _forms(target.pk):
        shown = client.get(url, {"q": text}).context["page"].tickets
        assert shown and shown[0].pk == target.pk, text
    shown = client.get(url, {"q": f"HS-{foreign.pk:06d}"}).context["page"].tickets
    assert [t.pk for t in shown][:1] == [foreign.pk]  # staff see every organization


def test_the_audit_search_takes_a_number_in_any_form(admin_client, world, tickets):
    target = tickets[0]
    url = reverse("console:audit_trail")
    for text in _forms(target.pk):
        page = admin_client.get(url, {"object": text})
        assert not page.context["form"].errors, text
        assert {e.ticket_id for e in page.context["events"]} == {target.pk}, text


def test_a_client_searches_their_own_list_by_number_or_words(client, world, tickets):
    target, mention, foreign = tickets
    client.force_login(world.client_a)
    url = reverse("portal:ticket_list")
    for text in _forms(target.pk):
        rows = list(client.get(url, {"q": text}).context["page"].object_list)
        assert [t.pk for t in rows] == [target.pk, mention.pk], text
    assert [t.pk for t in client.get(url, {"q": "duplicada"}).context["page"].object_list] == [
        target.pk
    ]
    # Another organization's ticket is never found, by its number or otherwise.
    found = client.get(url, {"q": f"HS-{foreign.pk:06d}"}).context["page"].object_list
    assert foreign.pk not in [t.pk for t in found]
    page = client.get(url, {"q": "HS-999999"})
    assert "Nenhum ticket corresponde a esta busca." in page.content.decode()


def test_the_api_finds_a_number_in_any_form_exact_first(world, tickets):
    target, mention, foreign = tickets
    token = create_token(world.client_a, name="ERP", actor=world.client_a)[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    for text in _forms(target.pk):
        items = api.get("/api/v1/tickets", {"q": text}).json()["items"]
        assert [i["id"] for i in items] == [target.pk, mention.pk], text
    found = api.get("/api/v1/tickets", {"q": f"HS-{foreign.pk:06d}"}).json()["items"]
    assert foreign.pk not in [i["id"] for i in found]
    # One per page: the exact match, then the rest through the cursor, none twice.
    first = api.get("/api/v1/tickets", {"q": str(target.pk), "limit": 1}).json()
    assert [i["id"] for i in first["items"]] == [target.pk] and first["next"]
    second = api.get(
        "/api/v1/tickets", {"q": str(target.pk), "limit": 1, "cursor": first["next"]}
    ).json()
    assert [i["id"] for i in second["items"]] == [mention.pk] and second["next"] is None
    nul = api.get("/api/v1/tickets", {"q": "a\x00b"})
    assert nul.status_code == 400 and list(json.loads(nul.content)["errors"]) == ["q"]
