"""A login address nobody can take: changed only through a link to the new address.

Security 2, finding 1: allauth's e-mail page let anyone signed in make any address
their login e-mail, unverified (a ticket takeover through e-mail intake, a reset
link for the attacker's account, a 500 on an address already used).
"""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from helpcenter.audit.models import AuditEvent
from helpcenter.intake.actions import receive
from helpcenter.notifications.delivery import deliver_due
from helpcenter.notifications.models import OutboxMessage
from helpcenter.tickets.models import Ticket
from tests.conftest import PASSWORD


def _mail_from(sender: str, subject: str = "Servidor fora do ar") -> bytes:
    return (
        f"From: {sender}\r\nTo: suporte@helpcenter.example\r\nSubject: {subject}\r\n"
        f"Message-ID: <{abs(hash(sender + subject))}@mail.example>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nNada funciona.\r\n"
    ).encode()


def test_allauth_address_page_cannot_add_or_make_primary_an_address(client, world):
    client.force_login(world.client_a)
    for action in ("action_add", "action_primary"):
        response = client.post(
            "/accounts/email/", {"email": "newhire@b.example", action: "1"}, follow=True
        )
        assert response.status_code in (200, 400)
    world.client_a.refresh_from_db()
    assert world.client_a.email == "ana@a.example"
    assert not EmailAddress.objects.filter(email__iexact="newhire@b.example").exists()
    # Mail from the real owner of that address is not a ticket in Org A.
    receive(_mail_from("newhire@b.example"))
    assert not Ticket.objects.filter(organization=world.org_a).exists()


def test_allauth_confirmation_pages_are_not_routed(client, world):
    client.force_login(world.client_a)
    assert client.get("/accounts/confirm-email/").status_code == 404
    assert client.get("/accounts/confirm-email/abc:def/").status_code == 404


def test_a_secondary_address_never_receives_a_reset(client, world, mailoutbox):
    """Rows left by the old allauth page (or added by hand) are never used to find a person."""
    EmailAddress.objects.create(user=world.client_b, email="ana@a.example", verified=False)
    response = client.post(reverse("account_reset_password"), {"email": "ana@a.example"})
    assert response.status_code == 302
    deliver_due()
    assert [m.to for m in mailoutbox] == [["ana@a.example"]]
    uid = re.search(r"/key/([0-9a-z]+)-", mailoutbox[0].body).group(1)
    from allauth.account.utils import url_str_to_user_pk

    assert url_str_to_user_pk(uid) == world.client_a.pk


def test_address_used_by_someone_else_is_refused_without_a_crash(client, world):
    client.force_login(world.client_a)
    response = client.post(
        reverse("accounts:login_address"), {"email": "CARLA@b.example", "password": PASSWORD}
    )
    # The same answer as for a free address: nothing tells whose it is.
    assert response.status_code == 302
    assert not OutboxMessage.objects.filter(template="login_address_confirm").exists()
    from helpcenter.accounts.login_address import make_token

    token = make_token(world.client_a.pk, "ana@a.example", "carla@b.example")
    response = client.post(reverse("accounts:confirm_login_address", args=[token]))
    assert response.status_code == 302
    world.client_a.refresh_from_db()
    assert world.client_a.email == "ana@a.example"


def _link(mail) -> str:
    return re.search(r"http://testserver(/accounts/email/confirm/[^/\s]+/)", mail.body).group(1)


def test_the_verified_change_end_to_end(client, world, mailoutbox):
    client.force_login(world.client_a)
    page = client.get(reverse("accounts:login_address"))
    assert page.status_code == 200
    response = client.post(
        reverse("accounts:login_address"), {"email": "Ana.Nova@a.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    deliver_due()
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {"ana.nova@a.example", "ana@a.example"}
    world.client_a.refresh_from_db()
    assert world.client_a.email == "ana@a.example"  # nothing changes before the link
    link = _link(by_address["ana.nova@a.example"])
    assert "ana.nova@a.example" in by_address["ana@a.example"].body

    # Another person signed in cannot use the link, nor can a GET change anything.
    other = client.__class__()
    other.force_login(world.client_a2)
    assert other.post(link).status_code == 404
    assert client.get(link).status_code == 200
    world.client_a.refresh_from_db()
    assert world.client_a.email == "ana@a.example"

    assert client.post(link).status_code == 302
    world.client_a.refresh_from_db()
    assert world.client_a.email == "ana.nova@a.example"
    assert list(
        EmailAddress.objects.filter(user=world.client_a).values_list("email", "primary")
    ) == [("ana.nova@a.example", True)]
    event = AuditEvent.objects.get(type="user.login_address_changed")
    assert event.data["before"] == "ana@a.example" and event.data["after"] == "ana.nova@a.example"
    # The old address is told once more, and the link works once.
    mailoutbox.clear()
    deliver_due()
    assert [m.to for m in mailoutbox] == [["ana@a.example"]]
    assert client.post(link).status_code == 404
    # The old address no longer signs in; the new one does.
    client.logout()
    assert client.login(email="ana.nova@a.example", password=PASSWORD)


def test_wrong_password_or_foreign_domain_is_refused_per_field(client, world):
    world.org_a.email_domains = "a.example, a.com.br"
    world.org_a.save()
    client.force_login(world.client_a)
    url = reverse("accounts:login_address")
    response = client.post(url, {"email": "suporte@b.example", "password": PASSWORD})
    assert response.status_code == 400
    assert "a.example, a.com.br" in response.context["form"].errors["email"][0]
    response = client.post(url, {"email": "ana@a.com.br", "password": "wrong"})
    assert response.status_code == 400 and "password" in response.context["form"].errors
    assert client.post(url, {"email": "ana@a.com.br", "password": PASSWORD}).status_code == 302
    assert not OutboxMessage.objects.filter(to="suporte@b.example").exists()


def test_a_tampered_or_expired_link_changes_nothing(client, world, settings):
    from helpcenter.accounts.login_address import make_token

    client.force_login(world.client_a)
    token = make_token(world.client_a.pk, "ana@a.example", "ana2@a.example")
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert (
        client.post(reverse("accounts:confirm_login_address", args=[tampered])).status_code == 404
    )
    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now() + timezone.timedelta(hours=25)):
        url = reverse("accounts:confirm_login_address", args=[token])
        assert client.post(url).status_code == 404
    world.client_a.refresh_from_db()
    assert world.client_a.email == "ana@a.example"


@pytest.mark.django_db
def test_addresses_are_unique_whatever_their_case(world):
    from django.db import IntegrityError, transaction

    from helpcenter.accounts.models import User

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=world.client_b.pk).update(email="ANA@A.EXAMPLE")
