"""500s the second probe found in the project's own code (Security 2, finding 6).

Each value is now parsed by a form or schema field with a range, never by
`str.isdigit()` followed by `int()` ("²" and "①" are digits to the first, not
to the second).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from helpcenter.api.actions import create_token
from tests.helpers import open_ticket

LATIN1 = ["²", "¹", "³", "½", "\xa0", "ÿ", "1²", 'W/"²"', '"①"']
ROUTES = [
    ("patch", ""),
    ("post", "/triage"),
    ("post", "/assign"),
    ("post", "/wait"),
    ("post", "/resume"),
    ("post", "/resolve"),
    ("post", "/reopen"),
    ("post", "/close"),
    ("post", "/comments"),
]


def test_if_match_with_latin1_bytes_is_a_400_per_field_on_every_endpoint(world):
    ticket = open_ticket(world)
    _token, secret = create_token(world.agent, name="bot", actor=world.agent)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    bodies = {
        "/triage": {
            "type": "incident",
            "priority": "P3",
            "service": world.service_a.pk,
            "assignee": world.agent.pk,
        },
        "/assign": {"assignee": world.agent.pk},
        "/reopen": {"reason": "still broken"},
        "/comments": {"body": "x"},
    }
    for method, suffix in ROUTES:
        for value in LATIN1:
            # A WSGI server hands header bytes over as latin-1 text.
            response = getattr(api, method)(
                f"/api/v1/tickets/{ticket.pk}{suffix}",
                bodies.get(suffix, {}),
                content_type="application/json",
                HTTP_IF_MATCH=value.encode("utf-8").decode("latin-1"),
            )
            assert response.status_code == 400, (suffix, value, response.status_code)
            assert "If-Match" in response.json()["errors"], (suffix, value)


@pytest.mark.parametrize(
    "query", [{"before": "²"}, {"before": "9" * 40}, {"object": "①"}, {"object": "²"}]
)
def test_audit_search_with_unicode_digits_answers_a_page(client, world, query):
    client.force_login(world.admin)
    response = client.get(reverse("console:audit_trail"), query)
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "1999-12", "2100-01"])
def test_reports_with_months_out_of_range_answer_a_form_error(client, world, month):
    client.force_login(world.agent)
    for extra in ({}, {"format": "csv", "table": "compliance"}):
        response = client.get(reverse("reports:sla"), {"until": month, **extra})
        assert response.status_code in (200, 400), (month, extra)
    response = client.get(reverse("reports:sla_chart", args=["compliance"]), {"until": month})
    assert response.status_code in (200, 400, 404)


@pytest.mark.parametrize("target", ["1", "home", "portal:ticket_list", "//evil.example/x"])
def test_language_switch_with_a_bare_word_next_goes_home(client, db, target):
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": target})
    assert response.status_code == 302 and response.url == "/"


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_audit_search_with_dates_out_of_range_answers_a_form_error(client, world, day):
    """Found by the fuzz suite on PostgreSQL: the day after 9999-12-31 overflowed."""
    client.force_login(world.admin)
    for extra in ({}, {"format": "csv"}, {"format": "jsonl"}):
        response = client.get(reverse("console:audit_trail"), {"until": day, "since": day, **extra})
        assert response.status_code in (200, 400), (day, extra)
