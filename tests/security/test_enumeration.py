"""Login, password reset and invitation pages answer the same for known and unknown addresses.

Same status, same body (once the address itself and the CSRF token are taken
out), and the same work: the password hasher runs for an unknown address too,
so response times do not tell them apart (bench/enumeration_timing.py
measures the medians with the production hasher).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import get_hasher
from django.core.cache import cache
from django.urls import reverse

from helpcenter.accounts.actions import invite_user, revoke_invitation

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def normalized(response, *addresses: str) -> tuple[int, str, str]:
    body = CSRF.sub("", response.content.decode())
    for address in addresses:
        body = body.replace(address, "ADDRESS")
    return response.status_code, response.get("Location", ""), body


@pytest.fixture(autouse=True)
def _no_rate_limit_carry_over(db):
    cache.clear()
    yield
    cache.clear()


def test_login_failure_is_the_same_for_known_and_unknown_addresses(client, world):
    url = reverse("account_login")
    known = client.post(url, {"login": "ana@a.example", "password": "wrong-password"})
    unknown = client.post(url, {"login": "nobody@a.example", "password": "wrong-password"})
    assert normalized(known, "ana@a.example") == normalized(unknown, "nobody@a.example")
    assert known.status_code == 200


def test_login_runs_the_hasher_for_unknown_addresses_too(client, world, monkeypatch):
    hasher = get_hasher()
    calls = []
    real_encode = type(hasher).encode

    def counting(self, password, salt, *args, **kwargs):
        calls.append(password)
        return real_encode(self, password, salt, *args, **kwargs)

    monkeypatch.setattr(type(hasher), "encode", counting)
    url = reverse("account_login")
    client.post(url, {"login": "nobody@a.example", "password": "wrong-password"})
    unknown_calls = len(calls)
    calls.clear()
    client.post(url, {"login": "ana@a.example", "password": "wrong-password"})
    assert unknown_calls >= 1 and len(calls) >= 1


def test_login_rate_limit_counts_unknown_addresses_the_same(client, world):
    url = reverse("account_login")
    answers = {}
    for address in ("ana@a.example", "nobody@a.example"):
        for _ in range(5):
            client.post(url, {"login": address, "password": "wrong"})
        answers[address] = normalized(
            client.post(url, {"login": address, "password": "wrong"}), address
        )
        cache.clear()
    assert answers["ana@a.example"] == answers["nobody@a.example"]
    assert "Muitas tentativas" in answers["ana@a.example"][2]


def test_password_reset_is_the_same_for_known_and_unknown_addresses(client, world):
    url = reverse("account_reset_password")
    known = client.post(url, {"email": "ana@a.example"})
    unknown = client.post(url, {"email": "nobody@a.example"})
    assert normalized(known) == normalized(unknown)
    assert known.status_code == 302
    done_known = client.get(known["Location"])
    done_unknown = client.get(unknown["Location"])
    assert normalized(done_known) == normalized(done_unknown)


def test_inviting_is_the_same_for_addresses_known_elsewhere_and_unknown(client, world):
    client.force_login(world.client_admin_a)
    url = reverse("accounts:people", args=[world.org_a.pk])
    answers = []
    for address in ("carla@b.example", "agent@support.example", "nobody@x.example"):
        response = client.post(url, {"email": address, "role": "client"}, follow=True)
        flash = re.search(r"Convite enviado para [^<]+", response.content.decode())
        assert flash, address
        answers.append((response.status_code, flash.group(0).replace(address, "ADDRESS")))
    assert len(set(answers)) == 1


def test_unknown_and_revoked_invitation_links_look_the_same(client, world, mailoutbox):
    from helpcenter.notifications.delivery import deliver_due

    invitation = invite_user(
        email="x@a.example",
        full_name="",
        organization=world.org_a,
        role="client",
        actor=world.admin,
    )
    revoke_invitation(invitation, actor=world.admin)
    deliver_due()
    revoked_token = re.search(r"/accounts/invitation/([^/\s]+)/", mailoutbox[-1].body).group(1)
    unknown = client.get(reverse("accounts:accept_invitation", args=["no-such-token"]))
    revoked = client.get(reverse("accounts:accept_invitation", args=[revoked_token]))
    assert normalized(unknown, "no-such-token") == normalized(revoked, revoked_token)
    assert unknown.status_code == 404
