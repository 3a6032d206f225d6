"""Tests written for mutants that `make mutation` found surviving."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from helpcenter.accounts.access import access_invitation, organizations_managed_by
from helpcenter.accounts.actions import invite_user
from helpcenter.tickets.actions import add_reply
from helpcenter.tickets.statuses import Move, TransitionError, check_move, check_transition
from tests.helpers import open_ticket


def test_refused_move_says_which_statuses(world):
    with translation.override("en"), pytest.raises(TransitionError) as refused:
        check_move("open", Move.REOPEN, actor=world.client_a, organization_id=world.org_a.pk)
    assert str(refused.value) == "A ticket that is “Open” cannot become “In progress”."
    with translation.override("pt-br"), pytest.raises(TransitionError) as refused:
        check_transition("closed", "in_progress")
    assert str(refused.value) == "Um ticket “Encerrado” não pode passar a “Em atendimento”."
    with pytest.raises(PermissionDenied, match="reopen"):
        check_move("resolved", Move.REOPEN, actor=world.agent, organization_id=world.org_a.pk)


def test_inactive_people_manage_no_organization(world):
    for person in (world.admin, world.manager, world.client_admin_a):
        assert organizations_managed_by(person).exists()
        person.is_active = False
        assert not organizations_managed_by(person).exists()


def test_access_invitation_finds_the_one_asked_for(world):
    first, second = (
        invite_user(
            email=f"{name}@a.example",
            full_name="",
            organization=world.org_a,
            role="client",
            actor=world.admin,
        )
        for name in ("first", "second")
    )
    assert access_invitation(world.org_a, second.pk) == second
    assert access_invitation(world.org_a, first.pk) == first


@pytest.mark.parametrize("persona", ["client_a", "agent"])
def test_ticket_page_queries_do_not_grow_with_the_conversation(client, world, persona):
    """Authors, files and event actors are fetched with the page, not one query per row."""
    ticket = open_ticket(world)
    client.force_login(world.personas()[persona])
    url = reverse("portal:ticket_detail", args=[ticket.pk])
    add_reply(ticket, body="one", actor=world.agent)
    client.get(url)  # warm per-process caches (SLA calendar)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(8):
        add_reply(ticket, body=f"more {n}", actor=world.agent if n % 2 else world.client_a)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few), [q["sql"][:80] for q in many][len(few) :]


def test_linked_tickets_are_found_from_either_side_and_scoped(world):
    from helpcenter.tickets.actions import link_tickets
    from helpcenter.tickets.selectors import linked_tickets

    first, second, third = (open_ticket(world) for _ in range(3))
    foreign = open_ticket(world, requester=world.client_b)
    link_tickets(first, other=second, actor=world.agent)
    link_tickets(third, other=first, actor=world.agent)
    link_tickets(first, other=foreign, actor=world.agent)
    assert set(linked_tickets(world.agent, first)) == {second, third, foreign}
    assert set(linked_tickets(world.agent, second)) == {first}
    assert set(linked_tickets(world.client_a, first)) == {second, third}  # not org B's


def test_organizations_visible_to_each_role(world):
    from helpcenter.accounts.access import organizations_visible_to

    assert set(organizations_visible_to(world.agent)) == {world.org_a, world.org_b}
    assert set(organizations_visible_to(world.manager)) == {world.org_a}
    assert not organizations_visible_to(world.client_a).exists()
    world.agent.is_active = False
    assert not organizations_visible_to(world.agent).exists()


def test_staff_and_client_lists_never_mix(world):
    from helpcenter.accounts.access import client_users_of, staff_users
    from helpcenter.accounts.models import Organization

    staff = set(staff_users())
    assert {world.agent, world.manager, world.admin} <= staff
    assert not staff & {world.client_a, world.client_admin_a, world.client_b}
    clients = set(client_users_of(Organization.objects.filter(pk=world.org_a.pk)))
    assert clients == {world.client_a, world.client_a2, world.client_admin_a}


def test_has_totp_is_per_person(world):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from helpcenter.accounts.access import has_totp

    TOTP.activate(world.agent, generate_totp_secret())
    assert has_totp(world.agent) and not has_totp(world.admin)


def test_an_unknown_subdivision_fails_when_the_calendar_is_made():
    from sla.holidays_provider import public_holidays

    with pytest.raises(NotImplementedError):
        public_holidays("BR", "XX")
    assert public_holidays("BR", "SP")(2026)
