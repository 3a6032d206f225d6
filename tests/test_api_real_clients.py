"""What a generated client and a fuzzer found: NUL characters, HTML and English in
JSON answers, the docs page's assets, a missing upload's field name."""

from __future__ import annotations

import pytest
from django.test import Client

from helpcenter.api.actions import create_token
from helpcenter.oncall.models import AllowedWebhookHost
from helpcenter.tickets.models import Comment, Ticket
from helpcenter.webhooks.admin import EndpointForm
from tests.helpers import open_ticket
from tests.test_api import Api, new_ticket


@pytest.fixture
def as_client(world):
    return Api(create_token(world.client_a, name="ERP", actor=world.client_a)[1])


@pytest.mark.parametrize("field", ["title", "description"])
def test_a_nul_in_a_new_tickets_text_is_a_field_error(world, as_client, field):
    response = as_client.post("/tickets", new_ticket(world, **{field: "antes\x00depois"}))
    assert response.status_code == 400
    assert response.json()["errors"] == {field: ["O texto contém um caractere NUL."]}
    assert not Ticket.objects.exists()


def test_a_nul_in_a_comment_or_a_reason_is_a_field_error(world, as_client):
    ticket = open_ticket(world)
    comment = as_client.post(f"/tickets/{ticket.pk}/comments", {"body": "a\x00b"})
    assert comment.status_code == 400 and list(comment.json()["errors"]) == ["body"]
    assert not Comment.objects.filter(ticket=ticket).exists()
    reopen = as_client.post(f"/tickets/{ticket.pk}/reopen", {"reason": "\x00"})
    assert reopen.status_code == 400 and list(reopen.json()["errors"]) == ["reason"]


@pytest.mark.parametrize(
    "path",
    ["/tickets/-1", "/tickets/abc", "/tickets/abc/comments", "/nothing-here", "/tickets/1/x"],
)
def test_an_unknown_api_path_answers_json_404(world, as_client, path):
    response = as_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"] == "Não encontrado."


def test_a_missing_ticket_answers_json_404_in_the_callers_language(world, as_client):
    response = as_client.get("/tickets/999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "Não encontrado."


def test_a_missing_upload_is_reported_under_files(world, as_client):
    ticket = open_ticket(world)
    response = as_client.client.post(f"/api/v1/tickets/{ticket.pk}/attachments", {"body": "x"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["files"]


def test_schema_messages_are_in_the_callers_language(world, as_client):
    response = as_client.post(
        "/tickets", new_ticket(world, title="", priority="P9", participants="x")
    )
    errors = response.json()["errors"]
    assert errors["title"] == ["Escreva ao menos 1 caractere(s)."]
    assert errors["priority"] == ["Escolha um destes: 'P1', 'P2', 'P3', 'P4', 'planned'."]
    assert errors["participants"] == ["Informe uma lista."]
    limit = as_client.get("/tickets", limit=0)
    assert limit.status_code == 400
    assert limit.json()["errors"] == {"limit": ["Informe um número de no mínimo 1."]}
    world.client_a.language = "en"
    world.client_a.save()
    english = as_client.get("/tickets", limit=101).json()["errors"]
    assert english == {"limit": ["Give a number of at most 100."]}


def test_every_message_the_schema_library_can_give_is_translated(world, as_client):
    """No English left in a Portuguese answer, whatever the bad input."""
    bad_bodies = [
        {"type": 1, "priority": [], "service": "x", "title": 5, "description": None},
        {"type": "incident", "priority": "P1", "service": 1.5, "title": "t", "description": "d"},
        {"planned_start": "tomorrow", "participants": [0], "extra": 1},
        [],
        "text",
    ]
    for body in bad_bodies:
        response = as_client.post("/tickets", body)
        assert response.status_code == 400, body
        for messages in response.json()["errors"].values():
            for message in messages:
                assert "Input" not in message and "should" not in message, message


def test_a_webhook_endpoint_with_no_events_can_be_saved_in_the_admin(world, admin_client):
    AllowedWebhookHost.objects.create(host="127.0.0.1", note="test receiver")
    form = EndpointForm(
        data={
            "description": "ERP",
            "url": "http://127.0.0.1:9/hook",
            "secret": "s" * 40,
            "organization": "",
            "is_active": "on",
        }
    )
    assert form.is_valid(), form.errors
    endpoint = form.save()
    assert endpoint.events == [] and endpoint.wants("ticket.created")


def test_the_docs_page_uses_the_projects_own_assets(world, as_client):
    page = Client().get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn." not in html and "jsdelivr" not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html
