import datetime
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from helpcenter.accounts.actions import invite_user
from helpcenter.accounts.models import Invitation, User
from helpcenter.audit.models import AuditEvent
from helpcenter.notifications.delivery import deliver_due
from helpcenter.notifications.models import OutboxMessage
from tests.conftest import PASSWORD


def invitation_link(mailoutbox) -> str:
    deliver_due()
    match = re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", mailoutbox[-1].body)
    assert match
    return match.group(1)


def test_manager_invites_and_person_sets_password(client, world, mailoutbox):
    client.force_login(world.manager)
    people = reverse("accounts:people", args=[world.org_a.pk])
    response = client.post(
        people, {"email": "Nova@A.example", "full_name": "Nova", "role": "client"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "nova@a.example" and invitation.organization == world.org_a
    link = invitation_link(mailoutbox)
    assert mailoutbox[-1].to == ["nova@a.example"]
    client.logout()
    page = client.get(link)
    assert "nova@a.example" in page.content.decode()
    bad = client.post(link, {"full_name": "Nova", "password1": "short", "password2": "short"})
    assert bad.status_code == 200 and not User.objects.filter(email="nova@a.example").exists()
    ok = client.post(
        link, {"full_name": "Nova Silva", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert ok.status_code == 302
    user = User.objects.get(email="nova@a.example")
    assert (
        user.organization == world.org_a and user.role == "client" and user.check_password(PASSWORD)
    )
    assert AuditEvent.objects.filter(type="invitation.accepted").count() == 1
    # Single use.
    client.logout()
    assert client.get(link).status_code == 404


def test_expired_and_revoked_invitations_refused(client, world, mailoutbox):
    invite_user(
        email="late@a.example",
        full_name="",
        organization=world.org_a,
        role="client",
        actor=world.client_admin_a,
    )
    link = invitation_link(mailoutbox)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        response = client.post(
            link, {"full_name": "x", "password1": PASSWORD, "password2": PASSWORD}
        )
        assert response.status_code == 404
    assert not User.objects.filter(email="late@a.example").exists()
    invitation = Invitation.objects.get()
    client.force_login(world.client_admin_a)
    client.post(reverse("accounts:revoke_invitation", args=[world.org_a.pk, invitation.pk]))
    client.logout()
    assert client.get(link).status_code == 404


def test_who_may_invite(world):
    with pytest.raises(PermissionDenied):
        invite_user(
            email="x@b.example",
            full_name="",
            organization=world.org_b,
            role="client",
            actor=world.manager,
        )
    with pytest.raises(PermissionDenied):
        invite_user(
            email="x@a.example",
            full_name="",
            organization=world.org_a,
            role="client",
            actor=world.client_a,
        )
    with pytest.raises(PermissionDenied):
        invite_user(
            email="x@a.example",
            full_name="",
            organization=world.org_a,
            role="agent",
            actor=world.client_admin_a,
        )
    with pytest.raises(PermissionDenied):
        invite_user(
            email="x@a.example",
            full_name="",
            organization=world.org_a,
            role="client",
            actor=world.agent,
        )
    assert Invitation.objects.count() == 0 and OutboxMessage.objects.count() == 0


def test_member_of_the_same_organization_is_not_invited_again(client, world):
    client.force_login(world.client_admin_a)
    response = client.post(
        reverse("accounts:people", args=[world.org_a.pk]),
        {"email": "bruno@a.example", "role": "client"},
    )
    assert response.status_code == 400
    assert "já é membro desta organização" in response.content.decode()
    assert Invitation.objects.count() == 0


def test_org_admin_deactivates_member(client, world):
    client.force_login(world.client_admin_a)
    client.post(reverse("accounts:deactivate_member", args=[world.org_a.pk, world.client_a2.pk]))
    world.client_a2.refresh_from_db()
    assert world.client_a2.is_active is False
    assert AuditEvent.objects.filter(type="user.deactivated").count() == 1


def test_login_with_email_and_password(client, world):
    response = client.post(
        reverse("account_login"), {"login": "ana@a.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).url == reverse("portal:ticket_list")


def test_login_page_explains_access_without_signup(client, db):
    html = client.get(reverse("account_login")).content.decode()
    assert "Primeiro acesso?" in html and "gestor de relacionamento" in html
    assert "signup" not in html
    response = client.get(reverse("account_signup"))
    assert 'name="password1"' not in response.content.decode()
    client.post(
        reverse("account_signup"),
        {"email": "x@y.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert not User.objects.filter(email="x@y.example").exists()


def test_login_failures_are_rate_limited(client, world, settings):
    from django.core.cache import cache

    cache.clear()
    url = reverse("account_login")
    for _ in range(5):
        client.post(url, {"login": "ana@a.example", "password": "wrong"})
    response = client.post(url, {"login": "ana@a.example", "password": PASSWORD})
    assert "Muitas tentativas de login falharam" in response.content.decode()
    assert "_auth_user_id" not in client.session
    cache.clear()


def test_password_reset_goes_through_outbox_without_revealing_accounts(client, world, mailoutbox):
    url = reverse("account_reset_password")
    known = client.post(url, {"email": "ana@a.example"})
    unknown = client.post(url, {"email": "nobody@nowhere.example"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert mailoutbox == []  # nothing sent from inside the request
    # The same one row for both (same work, same timing); only the known address gets mail.
    assert OutboxMessage.objects.filter(template="password_reset").count() == 2
    deliver_due()
    assert [m.to for m in mailoutbox] == [["ana@a.example"]]
    assert "http://testserver/accounts/password/reset/key/" in mailoutbox[0].body
    skipped = OutboxMessage.objects.get(to="nobody@nowhere.example")
    assert skipped.status == "skipped"


def test_preferences_change_language_and_timezone(client, world):
    client.force_login(world.client_a)
    response = client.post(
        reverse("accounts:preferences"),
        {"full_name": "Ana", "phone": "", "language": "en", "time_zone": "Europe/Lisbon"},
    )
    assert response.status_code == 302
    world.client_a.refresh_from_db()
    assert (world.client_a.language, world.client_a.time_zone) == ("en", "Europe/Lisbon")
    html = client.get(reverse("portal:ticket_list")).content.decode()
    assert "My tickets" in html and 'lang="en"' in html
    assert AuditEvent.objects.filter(type="user.preferences_changed").count() == 1


def test_anonymous_language_switch(client, db):
    assert "Entrar" in client.get(reverse("account_login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert "Sign in to the Help Center" in client.get(reverse("account_login")).content.decode()


def test_staff_can_enable_totp(client, world):
    client.post(reverse("account_login"), {"login": "agent@support.example", "password": PASSWORD})
    activate = reverse("mfa_activate_totp")
    # allauth asks for the password again before a security change.
    client.post(reverse("account_reauthenticate") + f"?next={activate}", {"password": PASSWORD})
    response = client.get(activate)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.secret and "otpauth://" in response.context["totp_url"]
