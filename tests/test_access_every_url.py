"""A client never sees another organization's tickets, files or users, by any URL.

Every URL pattern of the project's own apps is filled with ids of objects the
persona must not reach; the answer must be 404 for GET and POST. A new URL
pattern with an unknown parameter fails this test until it is mapped here.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from helpcenter.accounts.actions import invite_user
from tests.helpers import open_ticket, upload

OWN_NAMESPACES = {"portal", "accounts", "console", "api_tokens", "reports", "satisfaction"}
CLIENTS = {"client_a", "client_a2", "client_admin_a", "client_b"}
# Agent-only pages: every client gets 404, whatever the object.
STAFF_ONLY = {
    "portal:ticket_resolve",
    "portal:ticket_triage",
    "portal:ticket_priority",
    "portal:ticket_status",
    "portal:ticket_window",
    "portal:ticket_note",
    "portal:ticket_compose",
    "portal:ticket_assign",
    "portal:ticket_merge",
    "portal:ticket_link",
    "portal:ticket_freshness",
    "console:queue_default",
    "console:queue",
    "console:bulk",
    "console:phone_intake",
    "console:phone_intake_parts",
    "console:audit_trail",
}


def own_patterns():
    found = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and namespace in OWN_NAMESPACES and entry.name:
                found.append((f"{namespace}:{entry.name}", sorted(entry.pattern.converters)))

    walk(get_resolver().url_patterns, None)
    return found


PATTERNS = own_patterns()
# Pages that take no object id, or whose id is a secret token: not object URLs.
NO_OBJECT = {
    "portal:ticket_list",
    "portal:ticket_new",
    "portal:ticket_promise",
    "accounts:preferences",
    "accounts:set_language",
    "accounts:organizations",
    "accounts:accept_invitation",
    "accounts:login_address",
    "accounts:confirm_login_address",  # its id is a signed token
    "console:queue_default",
    "console:bulk",
    "console:phone_intake",
    "console:phone_intake_parts",
    "console:audit_trail",
    "api_tokens:list",
    # Reports take no object id: their organization scoping is tests/test_reports.py's.
    "reports:sla",
    "reports:sla_chart",
    "satisfaction:answer",  # its id is a secret token
    # Statements: agents may read every organization's; pinned cell by cell in the
    # access matrix and by tests/test_statements.py.
    "reports:statements",
    "reports:backtest",
    "reports:statement_pdf",
    "reports:statement_send",
}


@pytest.fixture
def objects(world):
    """Objects belonging to client_a (org A), including a file and an invitation."""
    ticket = open_ticket(world, attachments=[upload()])
    invitation = invite_user(
        email="new@a.example",
        full_name="",
        organization=world.org_a,
        role="client",
        actor=world.client_admin_a,
    )
    from helpcenter.api.actions import create_token

    token, _secret = create_token(world.client_a, name="ERP", actor=world.client_a)
    return {
        "token_id": token.pk,
        "pk": ticket.pk,
        "attachment_id": ticket.attachments.get().pk,
        "org_id": world.org_a.pk,
        "user_id": world.client_a2.pk,
        "invitation_id": invitation.pk,
        "view": "all",
    }


def test_every_pattern_is_covered():
    assert PATTERNS, "no URL patterns found"
    for name, params in PATTERNS:
        if name in NO_OBJECT:
            continue
        assert params, f"{name} takes no parameter: add it to NO_OBJECT or map it"
        assert set(params) <= {
            "pk",
            "attachment_id",
            "org_id",
            "user_id",
            "invitation_id",
            "view",
            "token_id",
        }, name


# Who must get 404 on org A's objects (ticket of client_a, org A's people pages).
OUTSIDERS_FOR_TICKET = ["client_b", "client_a2"]
OUTSIDERS_FOR_ORG = ["client_b", "client_a", "client_a2", "agent"]


@pytest.mark.parametrize(
    "persona", ["client_a", "client_a2", "client_admin_a", "client_b", "agent", "manager", "admin"]
)
def test_foreign_ids_answer_404(client, world, objects, persona):
    user = world.personas()[persona]
    client.force_login(user)
    checked = 0
    for name, params in PATTERNS:
        if name in NO_OBJECT:
            continue
        kwargs = {p: objects[p] for p in params}
        url = reverse(name, kwargs=kwargs)
        org_page = "org_id" in params
        must_hide = persona in (OUTSIDERS_FOR_ORG if org_page else OUTSIDERS_FOR_TICKET) or (
            persona in CLIENTS and name in STAFF_ONLY
        )
        if "token_id" in params:  # a person's own API token: nobody else's business
            must_hide = persona != "client_a"
        get, post = client.get(url), client.post(url, {})
        if must_hide:
            assert get.status_code in (404, 405), (persona, url, get.status_code)
            assert post.status_code == 404, (persona, url, post.status_code)
        # Allowed access is pinned cell by cell, with the page's own content, in
        # tests/security/test_access_matrix.py.
        checked += 1
    assert checked >= 8


@pytest.mark.parametrize("persona", ["client_a", "client_b", "agent", "manager", "admin"])
def test_nonexistent_ids_answer_404(client, world, persona):
    client.force_login(world.personas()[persona])
    for name, params in PATTERNS:
        if name in NO_OBJECT:
            continue
        url = reverse(name, kwargs={p: 999999 if p != "view" else "nope" for p in params})
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {}).status_code == 404, url


def test_foreign_attachment_through_own_ticket_is_404(client, world):
    own = open_ticket(world, requester=world.client_b)
    foreign = open_ticket(world, attachments=[upload()])
    client.force_login(world.client_b)
    url = reverse("portal:attachment_download", args=[own.pk, foreign.attachments.get().pk])
    assert client.get(url).status_code == 404


def test_agent_has_no_access_to_people_pages(client, world):
    client.force_login(world.agent)
    assert client.get(reverse("accounts:organizations")).status_code == 404


@pytest.mark.parametrize("persona", sorted(CLIENTS))
def test_staff_pages_answer_404_to_clients(client, world, persona):
    client.force_login(world.personas()[persona])
    for name in ("console:queue_default", "console:phone_intake"):
        assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse("console:bulk"), {}).status_code == 404
