"""What the security probe found, each pinned by a test that failed before its fix."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.urls import reverse

from helpcenter.accounts.actions import invite_user
from helpcenter.accounts.models import Invitation
from helpcenter.audit.models import AuditEvent
from helpcenter.notifications.delivery import deliver_due
from helpcenter.notifications.models import OutboxMessage
from helpcenter.tickets import actions
from helpcenter.tickets.models import Ticket
from helpcenter.tickets.statuses import Status
from tests.conftest import PASSWORD
from tests.helpers import open_ticket


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    cache.clear()
    yield
    cache.clear()


def _enable_totp(user) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# 1. The admin site's login skips 2FA and the rate limit.


def test_admin_login_never_accepts_a_password_and_sends_to_the_one_login(client, world):
    _enable_totp(world.admin)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": world.admin.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert client.get(reverse("console:queue_default")).status_code == 302


def test_admin_with_totp_signs_in_through_allauth_and_must_give_the_code(client, world):
    _enable_totp(world.admin)
    response = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": world.admin.email, "password": PASSWORD},
    )
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_admin_login_redirect_keeps_only_local_next(client, db):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response.url == reverse("account_login") + "?next=%2Fadmin%2F"


def test_admin_site_opens_for_staff_signed_in_through_allauth(client, world):
    client.post(reverse("account_login"), {"login": world.admin.email, "password": PASSWORD})
    assert client.get("/admin/").status_code == 200


def test_forty_wrong_admin_passwords_are_blocked_by_the_one_login(client, world):
    for _ in range(40):
        client.post("/admin/login/", {"username": world.admin.email, "password": "wrong"})
    assert "_auth_user_id" not in client.session
    # The allauth login that the admin login leads to is rate limited per address.
    url = reverse("account_login")
    for _ in range(5):
        client.post(url, {"login": world.admin.email, "password": "wrong"})
    blocked = client.post(url, {"login": world.admin.email, "password": PASSWORD})
    assert "Muitas tentativas de login falharam" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


# 2. A client "reopens" a ticket that was never triaged.


def test_client_cannot_reopen_a_new_ticket(client, world):
    ticket = open_ticket(world)
    client.force_login(world.client_a)
    response = client.post(reverse("portal:ticket_reopen", args=[ticket.pk]), {"reason": "x"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN and ticket.version == 1
    assert not AuditEvent.objects.filter(type="ticket.reopened").exists()
    # Triage still works, so the triage target can be met.
    actions.triage_ticket(
        ticket,
        ticket_type=ticket.type,
        priority=ticket.priority,
        service=ticket.service,
        assignee=world.agent,
        actor=world.agent,
    )
    assert Ticket.objects.get(pk=ticket.pk).status == Status.IN_PROGRESS


@pytest.mark.parametrize("status", [Status.OPEN, Status.IN_PROGRESS, Status.WAITING_ON_CLIENT])
def test_reopen_action_refuses_every_status_but_resolved(world, status):
    from helpcenter.tickets.statuses import TransitionError

    ticket = open_ticket(world)
    Ticket.objects.filter(pk=ticket.pk).update(status=status)
    with pytest.raises(TransitionError):
        actions.reopen_ticket(ticket, actor=world.client_a, reason="")
    assert Ticket.objects.get(pk=ticket.pk).status == status


def test_reopen_and_close_are_the_clients_own_moves_in_the_action(world):
    from django.core.exceptions import PermissionDenied

    ticket = open_ticket(world)
    actions.resolve_ticket(ticket, actor=world.agent)
    for outsider in (world.agent, world.client_b):
        with pytest.raises(PermissionDenied):
            actions.reopen_ticket(ticket, actor=outsider, reason="")
        with pytest.raises(PermissionDenied):
            actions.close_ticket(ticket, actor=outsider)
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RESOLVED
    with pytest.raises(PermissionDenied):
        actions.resolve_ticket(Ticket.objects.get(pk=open_ticket(world).pk), actor=world.client_a)


# 4. One organization cancels another's invitations.


def test_inviting_an_address_leaves_other_organizations_invitations_alone(world):
    other = invite_user(
        email="shared@x.example",
        full_name="",
        organization=world.org_b,
        role="client",
        actor=world.admin,
    )
    mine = invite_user(
        email="Shared@x.example",
        full_name="",
        organization=world.org_a,
        role="client",
        actor=world.client_admin_a,
    )
    other.refresh_from_db()
    assert other.revoked_at is None and other.is_usable
    again = invite_user(
        email="shared@x.example",
        full_name="",
        organization=world.org_a,
        role="client",
        actor=world.client_admin_a,
    )
    mine.refresh_from_db()
    assert mine.revoked_at is not None and again.is_usable
    assert Invitation.objects.get(pk=other.pk).revoked_at is None


# 5. Account enumeration through the invite form.


def test_invite_form_answers_the_same_for_any_address_outside_the_organization(client, world):
    client.force_login(world.client_admin_a)
    url = reverse("accounts:people", args=[world.org_a.pk])
    answers = []
    for email in ("carla@b.example", "agent@support.example", "nobody@nowhere.example"):
        response = client.post(url, {"email": email, "role": "client"}, follow=True)
        html = response.content.decode()
        answers.append((response.status_code, html.replace(email, "EMAIL").count("EMAIL")))
        assert f"Convite enviado para {email}" in html
    assert len(set(answers)) == 1
    assert Invitation.objects.filter(organization=world.org_a).count() == 3


def test_invitation_to_an_existing_account_tells_only_the_mailbox_owner(client, world, mailoutbox):
    client.force_login(world.client_admin_a)
    client.post(
        reverse("accounts:people", args=[world.org_a.pk]),
        {"email": "carla@b.example", "role": "client"},
    )
    client.logout()
    deliver_due()
    link = re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", mailoutbox[-1].body)
    assert link
    page = client.get(link.group(1))
    assert page.status_code == 409 and "já tem uma conta" in page.content.decode()
    client.post(link.group(1), {"full_name": "X", "password1": PASSWORD, "password2": PASSWORD})
    carla = world.client_b
    carla.refresh_from_db()
    assert carla.organization == world.org_b and carla.check_password(PASSWORD)


# 9. Password-reset links come from SITE_URL, never from the Host header.


def test_password_reset_link_ignores_the_host_header(client, world, settings, mailoutbox):
    settings.SITE_URL = "https://help.example.com"
    settings.ALLOWED_HOSTS = ["*"]
    client.post(
        reverse("account_reset_password"),
        {"email": "ana@a.example"},
        HTTP_HOST="localhost:31337",
    )
    deliver_due()
    (message,) = mailoutbox
    text = message.body + str(message.alternatives) + message.subject
    assert "31337" not in text and "localhost" not in text
    assert "https://help.example.com/accounts/password/reset/key/" in message.body


def test_password_reset_for_an_unknown_address_sends_nothing(client, db, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@x.example"})
    assert response.status_code == 302
    deliver_due()
    assert mailoutbox == []
    assert OutboxMessage.objects.get().status == "skipped"


def test_reset_link_rendered_by_the_worker_sets_a_new_password(client, world, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "ana@a.example"})
    deliver_due()
    path = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mailoutbox[0].body)
    assert path
    page = client.get(path.group(1), follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path.group(1)
    done = client.post(form_url, {"password1": "Nova-senha-2026!", "password2": "Nova-senha-2026!"})
    assert done.status_code == 302
    world.client_a.refresh_from_db()
    assert world.client_a.check_password("Nova-senha-2026!")


def test_reply_and_cc_refused_to_people_the_ticket_is_not_visible_to(world):
    from django.core.exceptions import PermissionDenied

    from helpcenter.tickets.models import Comment

    ticket = open_ticket(world)
    for outsider in (world.client_b, world.client_a2):
        with pytest.raises(PermissionDenied):
            actions.add_reply(ticket, body="hi", actor=outsider)
        with pytest.raises(PermissionDenied):
            actions.add_participants(ticket, people=[world.client_a2], actor=outsider)
    assert Comment.objects.count() == 0
    actions.add_reply(ticket, body="hi", actor=world.client_admin_a)  # the org's admin sees it
    assert Comment.objects.count() == 1


def test_require_staff_2fa_sends_staff_without_totp_to_set_it_up(client, world, settings):
    settings.REQUIRE_STAFF_2FA = True
    client.force_login(world.agent)
    response = client.get(reverse("console:queue_default"))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
    assert client.get(reverse("account_logout")).status_code == 200  # account pages stay open
    _enable_totp(world.agent)
    assert client.get(reverse("console:queue_default")).status_code == 200
    client.force_login(world.client_a)  # clients choose for themselves
    assert client.get(reverse("portal:ticket_list")).status_code == 200
