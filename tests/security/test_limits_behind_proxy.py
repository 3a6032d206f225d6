"""Rate limits per client address hold behind a proxy (Security 2, finding 3).

Behind the documented same-host proxy every client used to be 127.0.0.1, so ten
failures from anyone locked every sign-in. The address comes from the trusted
proxy's X-Forwarded-For, only when TRUSTED_PROXIES names the proxy; a refusal
answers 429 with Retry-After.
"""

from __future__ import annotations

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD


def _fail_sign_ins(client: Client, forwarded_for: str, count: int):
    response = None
    for i in range(count):
        response = client.post(
            reverse("account_login"),
            {"login": f"nobody{i}@x.example", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )
    return response


def test_failures_behind_a_trusted_proxy_lock_only_their_client(world, settings):
    cache.clear()
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    attacker = Client()
    response = _fail_sign_ins(attacker, "203.0.113.5", 11)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 60
    assert "Too many" in response.content.decode() or "Muitas" in response.content.decode()
    # Another client behind the same proxy signs in.
    someone = Client()
    response = someone.post(
        reverse("account_login"),
        {"login": world.client_a.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302
    # The attacker's own address stays locked, even for a right password.
    response = attacker.post(
        reverse("account_login"),
        {"login": world.client_a2.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert response.status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(world, settings):
    cache.clear()
    settings.TRUSTED_PROXIES = []
    # Rotating a forged header buys nothing: the peer address is what counts.
    for i in range(11):
        response = Client().post(
            reverse("account_login"),
            {"login": f"nobody{i}@x.example", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
        )
    assert response.status_code == 429 and response.has_header("Retry-After")


def test_reset_and_invitation_limits_answer_429_with_retry_after(world, settings):
    cache.clear()
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client = Client()
    for i in range(21):
        response = client.post(
            reverse("account_reset_password"),
            {"email": f"r{i}@x.example"},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "Muitas tentativas" in response.content.decode()
    # Another client's reset goes through.
    response = Client().post(
        reverse("account_reset_password"),
        {"email": "ana@a.example"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302

    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "invite": "2/h/user"}
    admin = Client()
    admin.force_login(world.client_admin_a)
    url = reverse("accounts:people", args=[world.org_a.pk])
    codes = [
        admin.post(url, {"email": f"p{i}@a.example", "role": "client"}).status_code
        for i in range(3)
    ]
    assert codes[:2] == [302, 302] and codes[2] == 429
    response = admin.post(url, {"email": "p9@a.example", "role": "client"})
    assert response["Retry-After"] == "3600"

    for _i in range(11):
        response = Client().post(
            reverse("accounts:accept_invitation", args=["x" * 40]),
            {"full_name": "X"},
            HTTP_X_FORWARDED_FOR="203.0.113.77",
        )
    # An unknown invitation is a 404 before any counting: guessing links is cheap to refuse.
    assert response.status_code == 404


def test_guessing_api_tokens_from_one_address_answers_429(world, settings):
    cache.clear()
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.API_BAD_TOKENS_PER_MINUTE = 5
    guesser = Client(HTTP_AUTHORIZATION="Bearer hc_guess", HTTP_X_FORWARDED_FOR="203.0.113.5")
    codes = [guesser.get("/api/v1/tickets").status_code for _ in range(6)]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    assert int(guesser.get("/api/v1/tickets")["Retry-After"]) >= 1
    # Another client behind the same proxy is not locked out.
    other = Client(HTTP_AUTHORIZATION="Bearer hc_typo", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.get("/api/v1/tickets").status_code == 401
