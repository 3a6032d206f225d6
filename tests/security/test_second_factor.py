"""REQUIRE_STAFF_2FA has no side door (Security 2, finding 2).

An agent without TOTP used to mint an API token at /accounts/api-tokens/ and use
it; a manager without TOTP opened the people pages. Only the pages that set up
the second factor, and sign-out, stay open; such a person's tokens are refused.
"""

from __future__ import annotations

import json

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from helpcenter.api.actions import create_token
from helpcenter.api.models import ApiToken
from helpcenter.tickets.models import Comment
from tests.helpers import open_ticket


def test_account_pages_other_than_setup_send_staff_to_set_it_up(client, world, settings):
    settings.REQUIRE_STAFF_2FA = True
    client.force_login(world.agent)
    for url in (
        reverse("api_tokens:list"),
        reverse("accounts:preferences"),
        reverse("accounts:login_address"),
        reverse("account_change_password"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("mfa_activate_totp"), url
    response = client.post(reverse("api_tokens:list"), {"name": "side door"})
    assert response.status_code == 302 and not ApiToken.objects.exists()
    client.force_login(world.manager)
    response = client.get(reverse("accounts:people", args=[world.org_a.pk]))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
    # What setting it up needs stays open.
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_logout")).status_code == 200


def test_tokens_of_staff_without_a_second_factor_are_refused(world, settings):
    ticket = open_ticket(world)
    _token, secret = create_token(world.agent, name="bot", actor=world.agent)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    settings.REQUIRE_STAFF_2FA = True
    response = api.get("/api/v1/tickets")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"] or "dois fatores" in response.json()["detail"]
    response = api.post(
        f"/api/v1/tickets/{ticket.pk}/comments",
        json.dumps({"body": "note", "internal": True}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Comment.objects.exists()
    TOTP.activate(world.agent, generate_totp_secret())
    assert api.get("/api/v1/tickets").status_code == 200
    # Clients choose for themselves.
    _token, client_secret = create_token(world.client_a, name="ERP", actor=world.client_a)
    client_api = Client(HTTP_AUTHORIZATION=f"Bearer {client_secret}")
    assert client_api.get("/api/v1/tickets").status_code == 200
