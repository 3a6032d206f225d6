"""REST API v1: tokens, tickets, idempotency, field errors, scoping, versions, rate limits."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from helpcenter.api.actions import create_token, revoke_token
from helpcenter.api.models import ApiToken
from helpcenter.audit.models import AuditEvent
from helpcenter.notifications.models import OutboxMessage
from helpcenter.tickets.models import Ticket
from tests.helpers import open_ticket


class Api:
    def __init__(self, secret: str):
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def get(self, path, **query):
        return self.client.get(f"/api/v1{path}", query)

    def post(self, path, body=None, **headers):
        return self.client.post(
            f"/api/v1{path}", json.dumps(body or {}), content_type="application/json", **headers
        )

    def patch(self, path, body, **headers):
        return self.client.patch(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", **headers
        )


@pytest.fixture
def as_client(world):
    return Api(create_token(world.client_a, name="ERP", actor=world.client_a)[1])


@pytest.fixture
def as_agent(world):
    return Api(create_token(world.agent, name="bot", actor=world.agent)[1])


@pytest.fixture
def as_other(world):
    return Api(create_token(world.client_b, name="other", actor=world.client_b)[1])


def new_ticket(world, **extra):
    return {
        "type": "incident",
        "priority": "P2",
        "service": world.service_a.pk,
        "title": "Checkout fora do ar",
        "description": "502 em todos os pagamentos desde 09:12.",
        **extra,
    }


def test_a_token_is_stored_as_a_hash_shown_once_and_audited(world):
    token, secret = create_token(world.client_a, name="ERP", actor=world.client_a)
    assert secret.startswith("hc_") and secret not in token.digest and token.prefix == secret[:10]
    assert AuditEvent.objects.filter(type="api_token.created", actor=world.client_a).exists()
    revoke_token(token, actor=world.client_a)
    assert AuditEvent.objects.filter(type="api_token.revoked").exists()
    assert Api(secret).get("/tickets").status_code == 401


def test_create_api_token_command_prints_the_token_once(world):
    out = io.StringIO()
    call_command("create_api_token", "ANA@a.example", "--name", "ERP", stdout=out)
    secret = out.getvalue().strip()
    assert Api(secret).get("/tickets").status_code == 200
    assert ApiToken.objects.get().user == world.client_a


def test_without_a_valid_token_every_route_is_401_json(world):
    for client in (Client(), Client(HTTP_AUTHORIZATION="Bearer nope")):
        response = client.get("/api/v1/tickets")
        assert response.status_code == 401 and response.json()["detail"]
        assert response["WWW-Authenticate"] == "Bearer"


def test_opening_a_ticket_answers_201_with_location_and_sends_the_confirmation(world, as_client):
    response = as_client.post("/tickets", new_ticket(world))
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == f"/api/v1/tickets/{body['id']}"
    assert (body["status"], body["priority"], body["channel"]) == ("open", "P2", "api")
    assert body["requester"]["id"] == world.client_a.pk
    assert body["sla"]["planned"] is None  # only Planned tickets have an agreed window
    assert body["sla"]["first_response"]["due_at"] and not body["sla"]["triage"]["breached"]
    assert OutboxMessage.objects.filter(template="ticket_created", to="ana@a.example").exists()
    event = AuditEvent.objects.get(type="ticket.created")
    assert (event.actor, event.actor_kind) == (world.client_a, "api_token")


def test_the_same_idempotency_key_never_creates_two_tickets(world, as_client):
    first = as_client.post("/tickets", new_ticket(world), HTTP_IDEMPOTENCY_KEY="k-1")
    again = as_client.post("/tickets", new_ticket(world), HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and again["Idempotent-Replayed"] == "true"
    other = as_client.post("/tickets", new_ticket(world, title="Outro"), HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 422 and "Idempotency-Key" in other.json()["errors"]
    assert Ticket.objects.count() == 1


def test_a_client_cannot_set_what_is_not_theirs_and_typos_are_errors(world, as_client):
    for field, value in (
        ("organization", world.org_b.pk),
        ("status", "resolved"),
        ("assignee", world.agent.pk),
        ("sla", {}),
        ("titel", "typo"),
    ):
        response = as_client.post("/tickets", new_ticket(world, **{field: value}))
        assert response.status_code == 400, field
        assert field in response.json()["errors"]
    requester = as_client.post("/tickets", new_ticket(world, requester=world.client_a2.pk))
    assert requester.status_code == 400 and "requester" in requester.json()["errors"]
    assert not Ticket.objects.exists()


def test_field_errors_are_per_field_in_the_callers_language(world, as_client):
    response = as_client.post("/tickets", {"type": "incident"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["title"] == ["Este campo é obrigatório."]
    foreign = as_client.post("/tickets", new_ticket(world, service=world.service_b.pk))
    assert foreign.status_code == 400 and "service" in foreign.json()["errors"]
    world.client_a.language = "en"
    world.client_a.save()
    english = as_client.post("/tickets", {"type": "incident"})
    assert english.json()["errors"]["title"] == ["This field is required."]


def test_another_organizations_ticket_is_404_everywhere(world, as_other):
    ticket = open_ticket(world)
    for path in ("", "/comments", "/sla", "/attachments"):
        assert as_other.get(f"/tickets/{ticket.pk}{path}").status_code == 404
    assert as_other.post(f"/tickets/{ticket.pk}/comments", {"body": "oi"}).status_code == 404
    assert as_other.patch(f"/tickets/{ticket.pk}", {"add_participants": []}).status_code == 404
    assert as_other.get("/tickets").json()["items"] == []


def test_list_filters_and_cursor_pages(world, as_client):
    for n in range(5):
        open_ticket(world, title=f"t{n}", priority="P4" if n % 2 else "P3")
    open_ticket(world, requester=world.client_b)
    first = as_client.get("/tickets", limit=2).json()
    second = as_client.get("/tickets", limit=2, cursor=first["next"]).json()
    third = as_client.get("/tickets", limit=2, cursor=second["next"]).json()
    titles = [t["title"] for t in first["items"] + second["items"] + third["items"]]
    assert titles == ["t4", "t3", "t2", "t1", "t0"] and third["next"] is None
    p4 = as_client.get("/tickets", priority="P4").json()["items"]
    assert [t["title"] for t in p4] == ["t3", "t1"]
    assert as_client.get("/tickets", cursor="!!").status_code == 400


def test_agent_workflow_with_versions(world, as_agent, as_client):
    ticket_id = as_client.post("/tickets", new_ticket(world)).json()["id"]
    triage = {
        "type": "incident",
        "priority": "P1",
        "service": world.service_a.pk,
        "assignee": world.agent.pk,
        "reason": "serviço parado",
    }
    stale = as_agent.post(f"/tickets/{ticket_id}/triage", triage, HTTP_IF_MATCH='"0"')
    assert stale.status_code == 412
    done = as_agent.post(f"/tickets/{ticket_id}/triage", triage, HTTP_IF_MATCH='"1"')
    assert done.status_code == 200 and done.json()["status"] == "in_progress"
    note = as_agent.post(f"/tickets/{ticket_id}/comments", {"body": "log ok", "internal": True})
    assert note.status_code == 201
    reply = as_agent.post(f"/tickets/{ticket_id}/comments", {"body": "Reiniciamos."})
    assert reply.status_code == 201
    seen = [c["body"] for c in as_client.get(f"/tickets/{ticket_id}/comments").json()]
    assert seen == ["Reiniciamos."]  # internal notes never reach clients
    assert (
        as_client.post(
            f"/tickets/{ticket_id}/comments", {"body": "x", "internal": True}
        ).status_code
        == 400
    )
    assert as_agent.post(f"/tickets/{ticket_id}/wait", {}).json()["status"] == "waiting_on_client"
    sla = as_agent.get(f"/tickets/{ticket_id}/sla").json()
    assert sla["resolution"]["paused"] and sla["first_response"]["met_at"]
    assert as_agent.post(f"/tickets/{ticket_id}/resolve", {"note": "ok"}).json()["status"] == (
        "resolved"
    )
    assert as_client.post(f"/tickets/{ticket_id}/close", {}).json()["status"] == "closed"
    again = as_client.post(f"/tickets/{ticket_id}/close", {})
    assert again.status_code == 409 and again.json()["detail"]


def test_patch_changes_only_what_the_caller_may(world, as_agent, as_client):
    ticket = open_ticket(world)
    denied = as_client.patch(f"/tickets/{ticket.pk}", {"priority": "P1"})
    assert denied.status_code == 400 and "priority" in denied.json()["errors"]
    cc = as_client.patch(f"/tickets/{ticket.pk}", {"add_participants": [world.client_a2.pk]})
    assert [p["id"] for p in cc.json()["participants"]] == [world.client_a2.pk]
    foreign = as_client.patch(f"/tickets/{ticket.pk}", {"add_participants": [world.client_b.pk]})
    assert foreign.status_code == 403
    changed = as_agent.patch(
        f"/tickets/{ticket.pk}", {"priority": "P2", "reason": "impacto maior"}, HTTP_IF_MATCH="2"
    )
    assert changed.status_code == 200 and changed.json()["priority"] == "P2"


def test_files_go_up_checked_and_come_down_as_attachments(world, as_client):
    ticket_id = as_client.post("/tickets", new_ticket(world)).json()["id"]
    log = io.BytesIO(b"ERROR at 09:12\n")
    log.name = "app.log"
    up = as_client.client.post(f"/api/v1/tickets/{ticket_id}/attachments", {"files": [log]})
    assert up.status_code == 201, up.content
    (attached,) = up.json()["attachments"]
    down = as_client.client.get(attached["url"])
    assert down.status_code == 200 and b"".join(down.streaming_content) == b"ERROR at 09:12\n"
    assert down["Content-Disposition"].startswith("attachment")
    bad = io.BytesIO(b"<html><script>alert(1)</script>")
    bad.name = "shot.png"
    refused = as_client.client.post(f"/api/v1/tickets/{ticket_id}/attachments", {"files": [bad]})
    assert refused.status_code == 400 and "files" in refused.json()["errors"]


def test_directory_is_scoped(world, as_client, as_agent):
    mine = as_client.get("/organizations").json()
    assert [o["name"] for o in mine] == ["Org A"]
    assert {s["name"] for s in mine[0]["services"]} == {"Billing API", "Tracking Portal"}
    assert as_client.get(f"/organizations/{world.org_b.pk}").status_code == 404
    assert as_client.get("/oncall").status_code == 403
    assert as_agent.get("/oncall").status_code == 200
    assert len(as_agent.get("/organizations").json()) == 2


def test_rate_limit_answers_429_with_retry_after(world, as_client, settings):
    settings.API_RATE_PER_MINUTE = 3
    codes = [as_client.get("/tickets").status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200]
    limited = as_client.get("/tickets")
    assert limited.status_code == 429 and 1 <= int(limited["Retry-After"]) <= 60


def test_the_openapi_document_and_docs_page(world, client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Helpcenter API"
    assert "/api/v1/tickets" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_the_tokens_page_creates_shows_once_and_revokes(world, client):
    client.force_login(world.client_a)
    created = client.post("/accounts/api-tokens/", {"name": "ERP"})
    assert created.status_code == 200 and "no-store" in created["Cache-Control"]
    token = ApiToken.objects.get()
    assert token.prefix.encode() in created.content
    secret = created.context["secret"]
    assert secret.encode() in created.content
    listed = client.get("/accounts/api-tokens/")
    # Shown once: the list names the token (its prefix) but never the secret again.
    assert b"ERP" in listed.content and secret.encode() not in listed.content
    client.post(f"/accounts/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.force_login(world.client_b)
    assert client.post(f"/accounts/api-tokens/{token.pk}/revoke/").status_code == 404


def test_ids_too_large_for_the_database_are_404_or_400_never_500(world, as_client):
    """On PostgreSQL an id past bigint failed the query and aborted the transaction."""
    huge = 2**64
    assert as_client.get(f"/tickets/{huge}").status_code == 404
    assert as_client.get(f"/tickets/{huge}/attachments/{huge}").status_code == 404
    assert as_client.get(f"/organizations/{huge}").status_code == 404
    response = as_client.post("/tickets", new_ticket(world, service=huge, participants=[huge]))
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"service", "participants.0"}
    import base64

    cursor = base64.urlsafe_b64encode(str(huge).encode()).decode()
    assert as_client.get("/tickets", cursor=cursor).status_code == 400
    assert as_client.get("/tickets").status_code == 200  # the transaction is still usable


def test_the_rate_limit_is_per_person_whatever_the_number_of_tokens(world, settings):
    settings.API_RATE_PER_MINUTE = 4
    first = Api(create_token(world.client_a, name="one", actor=world.client_a)[1])
    second = Api(create_token(world.client_a, name="two", actor=world.client_a)[1])
    codes = [api.get("/tickets").status_code for api in (first, second, first, second)]
    assert codes == [200, 200, 200, 200]
    assert second.get("/tickets").status_code == 429
    # Someone else's requests are their own.
    assert (
        Api(create_token(world.client_b, name="b", actor=world.client_b)[1])
        .get("/tickets")
        .status_code
        == 200
    )


def test_tokens_per_person_are_capped(world, client, settings):
    from helpcenter.api.actions import TooManyTokens

    settings.API_TOKENS_PER_PERSON = 2
    first, _ = create_token(world.client_a, name="one", actor=world.client_a)
    create_token(world.client_a, name="two", actor=world.client_a)
    with pytest.raises(TooManyTokens):
        create_token(world.client_a, name="three", actor=world.client_a)
    client.force_login(world.client_a)
    response = client.post("/accounts/api-tokens/", {"name": "three"})
    assert response.status_code == 200 and ApiToken.objects.filter(user=world.client_a).count() == 2
    assert "revoke" in response.content.decode().lower() or "revogue" in response.content.decode()
    revoke_token(first, actor=world.client_a)  # a revoked token frees its place
    create_token(world.client_a, name="three", actor=world.client_a)
