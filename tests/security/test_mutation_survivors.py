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
