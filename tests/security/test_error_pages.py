"""Bad bodies get a branded 4xx, never an empty 500 (Django's error views re-read the body)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

BAD_BODIES = [
    (
        "application/x-www-form-urlencoded; charset=latin-1",
        "login=\xe9&password=x".encode("latin-1"),
    ),
    ("application/x-www-form-urlencoded; charset=utf-16", "login=a&password=x".encode("utf-16")),
    ("multipart/form-data", b"junk"),
    ("multipart/form-data; boundary=", b"junk"),
    ("multipart/form-data; boundary=xyz", b"--xyz\r\nContent-Disposition: form-data\r\n\r\n"),
    ("multipart/form-data; boundary=xyz", b"--xyz\r\n\xff\xfe\x00garbage"),
]


@pytest.fixture
def anonymous_with_csrf_cookie(db) -> Client:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get(reverse("account_login"))
    assert "csrftoken" in client.cookies
    return client


@pytest.mark.parametrize(("content_type", "body"), BAD_BODIES)
@pytest.mark.parametrize("path", ["/accounts/login/", "/tickets/new/", "/accounts/password/reset/"])
def test_bad_bodies_get_a_branded_client_error(
    anonymous_with_csrf_cookie, content_type, body, path
):
    response = anonymous_with_csrf_cookie.generic("POST", path, body, content_type=content_type)
    assert 400 <= response.status_code < 500, response.status_code
    html = response.content.decode()
    assert "Central de Ajuda" in html
    assert html.count("<h1>") == 1


def test_no_server_error_for_a_signed_in_client_and_nothing_half_written(client, world):
    from helpcenter.tickets.models import Ticket

    client.force_login(world.client_a)
    client.raise_request_exception = False
    for content_type, body in BAD_BODIES:
        response = client.generic("POST", "/tickets/new/", body, content_type=content_type)
        # Unreadable bodies are a 400; readable but empty forms come back with their errors.
        assert response.status_code in (200, 400), (content_type, response.status_code)
    assert Ticket.objects.count() == 0


def test_unknown_page_is_a_branded_404_in_the_users_language(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Página não encontrada" in response.content.decode()
    client.cookies["django_language"] = "en"
    assert "Page not found" in client.get("/no/such/page/").content.decode()


def test_missing_csrf_token_is_a_branded_403(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@b.example", "password": "x"})
    assert response.status_code == 403
    assert "Central de Ajuda" in response.content.decode()


def test_server_error_page_needs_no_database(rf):
    from helpcenter.core.errors import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500 and "Central de Ajuda" in response.content.decode()
