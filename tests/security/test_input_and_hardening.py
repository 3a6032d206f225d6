"""Inputs parsed by fields, never by hand; size caps before reading; headers on every page."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.urls import reverse

from helpcenter.core.request_guard import wsgi_size_cap
from helpcenter.tickets.attachments import clean_filename
from helpcenter.tickets.models import StagedUpload, Ticket, TicketLink, parse_number
from helpcenter.tickets.statuses import Status
from tests.helpers import days_ahead, open_ticket, upload

WINDOW = {"planned_start": days_ahead(0), "planned_end": days_ahead(30)}
ODD_DIGITS = ["²", "①", "٣", "１２", "1²", " ", "", "9" * 40]


@pytest.mark.parametrize("text", ODD_DIGITS)
def test_ticket_numbers_are_ascii_digits_only(text):
    assert parse_number(text) is None or text.strip().isascii()


@pytest.mark.parametrize("value", ODD_DIGITS)
def test_merge_and_link_refuse_odd_digits_without_a_500(client, world, value):
    ticket = open_ticket(world)
    client.force_login(world.agent)
    for name, field in (("portal:ticket_merge", "into"), ("portal:ticket_link", "other")):
        response = client.post(reverse(name, args=[ticket.pk]), {field: value}, follow=True)
        assert response.status_code == 200
        assert "Nenhum ticket com esse número" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN and not TicketLink.objects.exists()


def test_canned_and_version_with_odd_digits(client, world):
    ticket = open_ticket(world)
    client.force_login(world.agent)
    detail = reverse("portal:ticket_detail", args=[ticket.pk])
    assert client.get(detail, {"canned": "²"}).status_code == 200
    fresh = client.get(reverse("portal:ticket_freshness", args=[ticket.pk]), {"version": "①"})
    assert fresh.status_code == 200 and fresh.json()["changed"] is False
    response = client.post(reverse("portal:ticket_resolve", args=[ticket.pk]), {"version": "²"})
    assert response.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RESOLVED


def test_staged_ids_with_odd_digits(client, world):
    client.force_login(world.client_a)
    response = client.post(
        reverse("portal:ticket_new"), {"title": "x", "staged": ["①", "²", "-1", "abc"]}
    )
    assert response.status_code == 200 and Ticket.objects.count() == 0


def test_bulk_ids_with_odd_digits(client, world):
    ticket = open_ticket(world)
    client.force_login(world.agent)
    response = client.post(
        reverse("console:bulk"), {"ids": ["²", str(ticket.pk)], "action": "resolve"}
    )
    assert response.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN


def test_nul_byte_in_a_resolve_note_is_refused_cleanly(client, world):
    ticket = open_ticket(world)
    client.force_login(world.agent)
    response = client.post(
        reverse("portal:ticket_resolve", args=[ticket.pk]), {"note": "done\x00"}, follow=True
    )
    assert response.status_code == 200
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN
    # And the good note works: the presence twin.
    client.post(reverse("portal:ticket_resolve", args=[ticket.pk]), {"note": "done"})
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RESOLVED


@pytest.mark.parametrize("end", ["9999-12-31", "1900-01-01", "0001-01-01"])
def test_agreed_window_out_of_range_is_a_form_error(client, world, end):
    ticket = open_ticket(world, priority="planned", **WINDOW)
    client.force_login(world.agent)
    response = client.post(
        reverse("portal:ticket_window", args=[ticket.pk]),
        {"start": "2026-12-01", "end": end},
        follow=True,
    )
    assert response.status_code == 200
    assert "Informe uma data entre 2000-01-01 e 2099-12-31" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).agreed_end is None


def test_agree_window_action_refuses_out_of_range_dates(world):
    import datetime as dt

    from helpcenter.tickets.actions import agree_window
    from helpcenter.tickets.statuses import ActionRefused

    ticket = open_ticket(world, priority="planned", **WINDOW)
    with pytest.raises(ActionRefused, match="out of range|fora do intervalo"):
        agree_window(ticket, start=dt.date(2026, 1, 1), end=dt.date.max, actor=world.agent)


# 8. Storage cannot be filled by failed forms; oversized bodies are refused unread.


def test_staging_quota_per_person(client, world, settings):
    settings.STAGING_QUOTA_FILES = 3
    client.force_login(world.client_a)
    for _ in range(3):
        client.post(
            reverse("portal:ticket_new"),
            {"title": "x", "attachments": [upload("a.log", b"1"), upload("b.log", b"2")]},
        )
    assert StagedUpload.objects.filter(owner=world.client_a).count() == 3


def test_staging_quota_in_bytes(client, world, settings):
    settings.STAGING_QUOTA_MB = 1
    client.force_login(world.client_a)
    big = b"x" * (700 * 1024)
    client.post(reverse("portal:ticket_new"), {"title": "x", "attachments": [upload("a.log", big)]})
    response = client.post(
        reverse("portal:ticket_new"), {"title": "x", "attachments": [upload("b.log", big)]}
    )
    assert StagedUpload.objects.count() == 1
    assert "Alguns arquivos não puderam ser mantidos" in response.content.decode()


def test_oversized_body_is_refused_from_its_length_by_the_middleware(client, world, settings):
    settings.REQUEST_MAX_MB = 1
    client.force_login(world.client_a)
    response = client.generic(
        "POST",
        reverse("portal:ticket_new"),
        b"x" * 10,
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(150 * 1024 * 1024),
    )
    assert response.status_code == 413


class NeverRead(io.RawIOBase):
    def read(self, *args):  # pragma: no cover - reaching here is the failure
        raise AssertionError("the body was read")

    readinto = read


def test_wsgi_wrapper_refuses_without_reading_the_body(db):
    called = []

    def app(environ, start_response):  # pragma: no cover - must not be reached
        called.append(True)
        return []

    statuses = []
    body = wsgi_size_cap(app)(
        {
            "REQUEST_METHOD": "POST",
            "CONTENT_LENGTH": str(150 * 1024 * 1024),
            "wsgi.input": NeverRead(),
        },
        lambda status, headers: statuses.append(status),
    )
    assert statuses == ["413 Request Entity Too Large"] and not called
    assert b"<h1>" in b"".join(body)


def test_the_production_wsgi_application_is_guarded():
    from config import wsgi

    assert wsgi.application.__name__ == "guarded"


# 10. Hardening.


def test_csp_on_every_html_page_without_unsafe_inline(client, world):
    pages = [reverse("account_login")]
    client.force_login(world.client_a)
    ticket = open_ticket(world)
    pages += [reverse("portal:ticket_list"), reverse("portal:ticket_detail", args=[ticket.pk])]
    for page in pages:
        policy = client.get(page)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy


def test_authenticated_pages_are_private_and_not_stored(client, world):
    client.force_login(world.client_a)
    response = client.get(reverse("portal:ticket_list"))
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_healthz_is_json_and_names_a_failed_dependency(client, db, monkeypatch):
    ok = client.get("/healthz")
    assert ok.status_code == 200
    assert ok.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("django.core.cache.cache.set", broken)
    down = client.get("/healthz")
    assert down.status_code == 503 and down["Content-Type"] == "application/json"
    assert down.json()["failed"] == ["cache"]


def test_healthz_names_the_database_when_it_fails(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken)
    down = client.get("/healthz")
    monkeypatch.undo()
    assert down.status_code == 503 and "database" in down.json()["failed"]


@pytest.mark.parametrize(
    ("name", "expected_end"),
    [("a" * 300 + ".pdf", ".pdf"), ("relatório " * 40 + ".tar.gz", ".gz"), ("x" * 300, "x")],
)
def test_long_filenames_keep_their_extension(name, expected_end):
    cleaned = clean_filename(name)
    assert len(cleaned) <= 200 and cleaned.endswith(expected_end)
