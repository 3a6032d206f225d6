"""Hypothesis over every form: thousands of generated requests, no 5xx, no partial rows.

Each endpoint gets values drawn from its own fields (valid choices, ids of
real and foreign objects) mixed with nasty text: odd Unicode digits, NUL
bytes, huge strings, dates out of range, SQL and HTML. Every request runs in
a savepoint that is rolled back, and must either succeed with a redirect or
leave every table as it was; it must never answer 5xx. The counts of the
suite (requests, seconds) are printed with `-s`.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpcenter.tickets.models import Priority, Status, TicketType
from tests.helpers import open_ticket, upload
from tests.security.matrix_world import snapshot

EXAMPLES = 420  # per endpoint; 27 endpoints -> 11,340 requests per run

NASTY = [
    "",
    " ",
    "²",
    "①",
    "١٢",
    "１２",
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "9" * 40,
    "1e9",
    "NaN",
    "HS-000001",
    "hs-1",
    "' OR 1=1 --",
    '"; DROP TABLE tickets_ticket; --',
    "<script>window.__xss=1</script>",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "2026-13-01",
    "\ud7ff\ue000",
    "\u202e\u200b",
    "x" * 5001,
    "y" * 60000,
    "../../etc/passwd",
    "null",
    "[]",
    "{}",
    # Bare words where a path is expected (`next`): not URL names to reverse.
    "1",
    "home",
    "portal:ticket_list",
    "//evil.example/",
]
nasty = st.sampled_from(NASTY)
text = st.one_of(
    nasty, st.text(max_size=300), st.text(alphabet=st.characters(codec="utf-8"), max_size=20)
)

# Months (YYYY-MM) in and far out of the contract's range.
months = st.one_of(
    st.sampled_from(["0001-01", "9999-12", "2026-13", "2026-00", "1999-12", "2100-01", "2026-11"]),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999), st.integers(0, 13)),
    text,
)


def choice(*values) -> st.SearchStrategy:
    return st.one_of(st.sampled_from([str(v) for v in values]), text)


def files() -> st.SearchStrategy:
    name = st.one_of(
        st.sampled_from(["log.txt", "a.png", "x.pdf", "../../x.txt", "a.exe", "", "ç.zip"]), text
    )
    content = st.one_of(st.binary(max_size=64), st.just(b"\x89PNG\r\n\x1a\nxx"))
    return st.lists(st.builds(NamedBytes, content, name), max_size=3)


class NamedBytes(io.BytesIO):
    """A file for the test client with any name at all (Django's own file classes refuse some)."""

    def __init__(self, content: bytes, name: str):
        super().__init__(content)
        self.name = name or "f"


@dataclass
class Endpoint:
    name: str
    persona: str
    url: callable
    fields: dict = field(default_factory=dict)
    method: str = "POST"
    staging: bool = False  # a failed new-ticket form keeps its files, by design


def endpoints(o) -> list[Endpoint]:
    t, t2, s, s2 = o["ticket"], o["other_ticket"], o["service"], o["foreign_service"]
    ids = choice(t.pk, t2.pk, 0, 999999)
    people = choice(o["client2"].pk, o["foreign_client"].pk, o["agent"].pk)
    version = choice(1, 2, 0)
    priorities = choice(*Priority.values)
    types = choice(*TicketType.values)
    dates = choice("2026-12-01", "2027-01-15", "2026-11-01")
    detail = lambda name: lambda: reverse(name, args=[t.pk])  # noqa: E731
    return [
        Endpoint(
            "new",
            "client",
            lambda: reverse("portal:ticket_new"),
            {
                "type": types,
                "priority": priorities,
                "service": choice(s.pk, s2.pk),
                "title": text,
                "description": text,
                "planned_start": dates,
                "planned_end": dates,
                "participants": st.lists(people, max_size=3),
                "staged": st.lists(ids, max_size=3),
                "attachments": files(),
            },
            staging=True,
        ),
        Endpoint(
            "reply", "client", detail("portal:ticket_reply"), {"body": text, "attachments": files()}
        ),
        Endpoint(
            "participants",
            "client",
            detail("portal:ticket_participants"),
            {"people": st.lists(people, max_size=3)},
        ),
        Endpoint("reopen", "client", detail("portal:ticket_reopen"), {"reason": text}),
        Endpoint("close", "client", detail("portal:ticket_close"), {"x": text}),
        Endpoint(
            "list",
            "client",
            lambda: reverse("portal:ticket_list"),
            {"status": choice("active", *Status.values), "page": text},
            method="GET",
        ),
        Endpoint(
            "preferences",
            "client",
            lambda: reverse("accounts:preferences"),
            {
                "full_name": text,
                "phone": text,
                "language": choice("en", "pt-br"),
                "time_zone": choice("America/Sao_Paulo", "Mars/Olympus"),
            },
        ),
        Endpoint(
            "triage",
            "agent",
            detail("portal:ticket_triage"),
            {
                "ticket_type": types,
                "priority": priorities,
                "service": choice(s.pk, s2.pk),
                "assignee": people,
                "reason": text,
                "version": version,
            },
        ),
        Endpoint(
            "priority",
            "agent",
            detail("portal:ticket_priority"),
            {"priority": priorities, "reason": text, "version": version},
        ),
        Endpoint(
            "status",
            "agent",
            detail("portal:ticket_status"),
            {"status": choice(*Status.values), "version": version},
        ),
        Endpoint(
            "window",
            "agent",
            detail("portal:ticket_window"),
            {"start": dates, "end": dates, "version": version},
        ),
        Endpoint(
            "note", "agent", detail("portal:ticket_note"), {"body": text, "attachments": files()}
        ),
        Endpoint(
            "assign",
            "agent",
            detail("portal:ticket_assign"),
            {"assignee": people, "version": version},
        ),
        Endpoint("merge", "agent", detail("portal:ticket_merge"), {"into": ids}),
        Endpoint("link", "agent", detail("portal:ticket_link"), {"other": ids}),
        Endpoint(
            "resolve", "agent", detail("portal:ticket_resolve"), {"note": text, "version": version}
        ),
        Endpoint(
            "freshness",
            "agent",
            detail("portal:ticket_freshness"),
            {"version": version},
            method="GET",
        ),
        Endpoint(
            "canned",
            "agent",
            detail("portal:ticket_detail"),
            {"canned": choice(o["canned"].pk, 0)},
            method="GET",
        ),
        Endpoint(
            "queue",
            "agent",
            lambda: reverse("console:queue", args=["all"]),
            {
                "q": text,
                "status": choice(*Status.values),
                "priority": priorities,
                "organization": choice(o["org"].pk),
                "service": choice(s.pk),
                "assignee": people,
                "after": text,
            },
            method="GET",
        ),
        Endpoint(
            "bulk",
            "agent",
            lambda: reverse("console:bulk"),
            {
                "ids": st.lists(ids, max_size=4),
                "action": choice(
                    "assign", "resolve", "status_in_progress", "status_waiting_on_client"
                ),
                "assignee": people,
                "next": text,
            },
        ),
        Endpoint(
            "phone",
            "agent",
            lambda: reverse("console:phone_intake"),
            {
                "requester": people,
                "type": types,
                "priority": priorities,
                "service": choice(s.pk, s2.pk),
                "title": text,
                "description": text,
            },
        ),
        Endpoint(
            "invite",
            "orgadmin",
            lambda: reverse("accounts:people", args=[o["org"].pk]),
            {
                "email": st.one_of(st.emails(), text),
                "full_name": text,
                "role": choice("client", "client_admin", "agent", "admin"),
            },
        ),
        Endpoint(
            "login",
            "anon",
            lambda: reverse("account_login"),
            {"login": st.one_of(st.emails(), text), "password": text},
        ),
        Endpoint(
            "reset",
            "anon",
            lambda: reverse("account_reset_password"),
            {"email": st.one_of(st.emails(), text)},
        ),
        Endpoint(
            "language",
            "anon",
            lambda: reverse("accounts:set_language"),
            {"language": choice("en", "pt-br"), "next": text},
        ),
        Endpoint(
            "report",
            "agent",
            lambda: reverse("reports:sla"),
            {
                "since": months,
                "until": months,
                "format": choice("csv", "x"),
                "table": choice("compliance", "times", "backlog", "volume", "breaches"),
            },
            method="GET",
        ),
        Endpoint(
            "audit",
            "admin",
            lambda: reverse("console:audit_trail"),
            {
                "object": choice(t.pk, "①", "²", f"#{t.pk}", "tickets.ticket:1"),
                "before": choice(1, 99, "²", "①", "9" * 30),
                "since": dates,
                "until": dates,
                "format": choice("csv", "jsonl", "x"),
            },
            method="GET",
        ),
    ]


ENDPOINT_NAMES = [
    "new", "reply", "participants", "reopen", "close", "list", "preferences", "triage",
    "priority", "status", "window", "note", "assign", "merge", "link", "resolve", "freshness",
    "canned", "queue", "bulk", "phone", "invite", "login", "reset", "language", "report",
    "audit",
]  # fmt: skip


@pytest.fixture
def fuzz_objects(world):
    from helpcenter.console.models import CannedResponse

    ticket = open_ticket(world, attachments=[upload()])
    return {
        "ticket": ticket,
        "other_ticket": open_ticket(world, requester=world.client_b),
        "service": world.service_a,
        "foreign_service": world.service_b,
        "client2": world.client_a2,
        "foreign_client": world.client_b,
        "agent": world.agent,
        "org": world.org_a,
        "canned": CannedResponse.objects.create(title="Hi", body="Hello {requester.name}"),
    }


def _one_request(client: Client, endpoint: Endpoint, data: dict) -> None:
    with transaction.atomic():
        before = snapshot()
        url = endpoint.url()
        if endpoint.method == "GET":
            response = client.get(url, data)
        else:
            response = client.post(url, data)
        after = snapshot()
        transaction.set_rollback(True)
    assert response.status_code < 500, (endpoint.name, data, response.status_code)
    if response.status_code not in (302, 303) and not endpoint.staging:
        assert after == before, (endpoint.name, data, response.status_code)


def test_every_form_endpoint_is_fuzzed(fuzz_objects):
    assert [e.name for e in endpoints(fuzz_objects)] == ENDPOINT_NAMES
    assert len(ENDPOINT_NAMES) * EXAMPLES >= 10_000


@pytest.mark.parametrize("name", ENDPOINT_NAMES)
def test_fuzz(name, world, fuzz_objects, settings):
    from django.core.cache import cache

    settings.ACCOUNT_RATE_LIMITS = False  # the limiter would turn most login draws into 429
    endpoint = next(e for e in endpoints(fuzz_objects) if e.name == name)
    users = {
        "anon": None,
        "client": world.client_a,
        "agent": world.agent,
        "orgadmin": world.client_admin_a,
        "admin": world.admin,
    }
    client = Client(raise_request_exception=False)
    if users[endpoint.persona] is not None:
        client.force_login(users[endpoint.persona])
    sent = 0
    started = time.monotonic()

    @settings_for_fuzz
    @given(st.fixed_dictionaries({}, optional=endpoint.fields))
    def run(data):
        nonlocal sent
        _one_request(client, endpoint, data)
        sent += 1

    run()
    cache.clear()
    print(f"fuzz {name}: {sent} requests in {time.monotonic() - started:.1f} s")
    assert sent >= EXAMPLES * 0.9


settings_for_fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=False,
    database=None,
    suppress_health_check=list(HealthCheck),
)


# If-Match on every API route that reads it: any latin-1 text (what a WSGI server
# hands over for header bytes) is a version or a 400 naming the header, never a 500.
IF_MATCH_ROUTES = ["", "/triage", "/assign", "/wait", "/resume", "/resolve", "/reopen", "/close"]
latin1 = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=12)


def test_fuzz_if_match_headers(world, settings):
    from helpcenter.api.actions import create_token

    settings.API_RATE_PER_MINUTE = 1_000_000
    ticket = open_ticket(world)
    _token, secret = create_token(world.agent, name="fuzz", actor=world.agent)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", raise_request_exception=False)
    sent = 0

    @settings_for_fuzz
    @given(st.sampled_from(IF_MATCH_ROUTES), st.one_of(latin1, st.sampled_from(NASTY[:12])))
    def run(suffix, value):
        nonlocal sent
        with transaction.atomic():
            method = api.patch if suffix == "" else api.post
            response = method(
                f"/api/v1/tickets/{ticket.pk}{suffix}",
                "{}",
                content_type="application/json",
                HTTP_IF_MATCH=value.replace("\x00", ""),
            )
            transaction.set_rollback(True)
        assert response.status_code < 500, (suffix, value, response.status_code)
        sent += 1

    run()
    assert sent >= EXAMPLES * 0.9
