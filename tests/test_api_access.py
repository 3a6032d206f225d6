"""Every API route × persona × own, foreign and missing ids: a foreign object answers
exactly like a missing one (never 2xx, never a different error), read from the
OpenAPI document so a new route is swept without being listed here."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from helpcenter.api.actions import create_token
from helpcenter.api.main import api
from tests.helpers import open_ticket, upload

PERSONAS = ["client_a", "client_a2", "client_admin_a", "client_b", "agent", "manager", "admin"]
# Who may see org A's ticket opened by client_a (the rest must not tell it exists).
SEES_TICKET = {"client_a", "client_admin_a", "agent", "manager", "admin"}
SEES_ORG = {"client_a", "client_a2", "client_admin_a", "agent", "manager", "admin"}
MISSING = 999_999


def routes() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if "{" in path
    ]


def _fill(path: str, ids: dict[str, int]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)


def _call(client: Client, method: str, url: str):
    if method == "GET":
        return client.get(url)
    return client.generic(method, url, "{}", content_type="application/json")


@pytest.fixture
def owned(world):
    ticket = open_ticket(world, attachments=[upload()])
    return {
        "ticket_id": ticket.pk,
        "attachment_id": ticket.attachments.get().pk,
        "organization_id": world.org_a.pk,
    }


def test_the_sweep_sees_every_object_route():
    found = routes()
    assert len(found) >= 15
    assert {p for _m, p in found} >= {
        "/api/v1/tickets/{ticket_id}",
        "/api/v1/tickets/{ticket_id}/attachments/{attachment_id}",
        "/api/v1/organizations/{organization_id}",
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_foreign_ids_answer_like_missing_ones(world, owned, persona):
    user = world.personas()[persona]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(user, name='t', actor=user)[1]}")
    for method, path in routes():
        org_route = "{organization_id}" in path
        allowed = persona in (SEES_ORG if org_route else SEES_TICKET)
        url = _fill(path, owned)
        answer = _call(client, method, url)
        missing = _call(client, method, _fill(path, dict.fromkeys(owned, MISSING)))
        assert missing.status_code in (400, 403, 404, 405), (method, path, missing.status_code)
        if not allowed:
            assert answer.status_code == missing.status_code, (persona, method, url)
            assert answer.status_code >= 400
        elif method == "GET":
            assert answer.status_code == 200, (persona, method, url, answer.content[:200])


def test_a_signed_in_session_is_not_an_api_credential(client, world):
    client.force_login(world.admin)
    assert client.get("/api/v1/tickets").status_code == 401
    assert client.post("/api/v1/tickets", {}).status_code == 401
