"""Walk every URL for every persona and object set; used by the matrix test."""

from __future__ import annotations

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.matrix_world import PERSONAS, snapshot

# Parameters that are secrets or free text, not object ids: a bogus value.
BOGUS = {"token": "not-a-token", "key": "bogus", "uidb36": "zz"}


def every_url_name() -> list[tuple[str, list[str]]]:
    found = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue  # the admin site: tested in test_admin_login (staff only)
                if entry.namespace == "api-v1":
                    # Token-only (a session answers 401): every route × persona × own,
                    # foreign and missing id with tokens in tests/test_api_access.py.
                    continue
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                found.append((name, sorted(entry.pattern.regex.groupindex)))

    walk(get_resolver().url_patterns, None)
    return sorted(set((n, tuple(p)) for n, p in found))  # type: ignore[misc]


def url_for(name: str, params, objects: dict) -> str:
    kwargs = {p: BOGUS[p] if p in BOGUS else objects[p] for p in params}
    return reverse(name, kwargs=kwargs)


def cell(user, method: str, url: str):
    """Status of one request, '+' when it changed stored state; always rolled back.

    A fresh client per cell, signed in inside the rolled-back block, so that a
    sign-out or a language switch in one cell cannot leak into the next.
    """
    with transaction.atomic():
        client = Client(raise_request_exception=True)
        if user is not None:
            client.force_login(user)
        before = snapshot()
        response = client.get(url) if method == "GET" else client.post(url, {})
        changed = snapshot() != before
        transaction.set_rollback(True)
    return f"{response.status_code}{'+' if changed else ''}", response


def sweep(users: dict, objects: dict[str, dict]):
    """Yield (name, method, org, persona, code, response) for every cell."""
    for name, params in every_url_name():
        for method in ("GET", "POST"):
            for org in ("A", "B"):
                url = url_for(name, params, objects[org])
                for persona in PERSONAS:
                    code, response = cell(users[persona], method, url)
                    yield name, method, org, persona, code, response
