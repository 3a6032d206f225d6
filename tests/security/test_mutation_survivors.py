"""Tests written for mutants that `make mutation` found surviving."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
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
    cache.clear()  # both views render the conversation (portal/fragments.py caches it)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(8):
        add_reply(ticket, body=f"more {n}", actor=world.agent if n % 2 else world.client_a)
    cache.clear()
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


def test_organizations_reported_to_each_role(world):
    from helpcenter.accounts.access import organizations_reported_to
    from helpcenter.accounts.models import Organization

    everyone = set(Organization.objects.values_list("pk", flat=True))
    assert set(organizations_reported_to(world.agent).values_list("pk", flat=True)) == everyone
    assert set(organizations_reported_to(world.admin).values_list("pk", flat=True)) == everyone
    assert list(organizations_reported_to(world.manager)) == [world.org_a]
    assert list(organizations_reported_to(world.client_admin_a)) == [world.org_a]
    assert not organizations_reported_to(world.client_a).exists()
    from django.contrib.auth.models import AnonymousUser

    assert not organizations_reported_to(AnonymousUser()).exists()
    world.agent.is_active = False
    assert not organizations_reported_to(world.agent).exists()


def test_staff_and_client_lists_leave_out_the_inactive_and_other_roles(world):
    from allauth.mfa.models import Authenticator

    from helpcenter.accounts.access import client_users_of, has_totp, staff_users
    from helpcenter.accounts.models import Organization, User

    world.admin.is_active = False
    world.admin.save()
    assert world.agent in staff_users() and world.admin not in staff_users()
    assert world.client_a not in staff_users()
    world.client_a2.is_active = False
    world.client_a2.save()
    world.agent.organization = world.org_a  # staff is never a requester, org or not
    world.agent.save()
    people = set(client_users_of(Organization.objects.filter(pk=world.org_a.pk)))
    assert people == {world.client_a, world.client_admin_a}
    assert User.objects.filter(pk=world.agent.pk, organization=world.org_a).exists()
    # Recovery codes alone are not an authenticator app.
    Authenticator.objects.create(
        user=world.agent, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"}
    )
    assert not has_totp(world.agent)


def test_the_ticket_page_knows_which_parts_the_ticket_has(world):
    from helpcenter.tickets.actions import add_internal_note, add_participants, link_tickets
    from helpcenter.tickets.selectors import find_visible_ticket, ticket_for_page
    from tests.helpers import upload

    bare = open_ticket(world)
    flags = ("has_comments", "has_opening_files", "has_participants", "has_links")
    page = ticket_for_page(world.agent, bare.pk)
    assert [getattr(page, f) for f in flags] == [False] * 4
    full = open_ticket(world, attachments=[upload()])
    add_participants(full, people=[world.client_a2], actor=world.client_a)
    other = open_ticket(world)
    link_tickets(other, other=full, actor=world.agent)  # linked from the other side
    add_internal_note(full, body="only us", actor=world.agent)
    page = ticket_for_page(world.agent, full.pk)
    assert [getattr(page, f) for f in flags] == [True] * 4
    assert ticket_for_page(world.client_a, full.pk).has_comments is False  # a note only
    # A link counts from either end.
    assert ticket_for_page(world.agent, other.pk).has_links is True
    # The other tickets' parts are not this one's.
    page = ticket_for_page(world.agent, bare.pk)
    assert [getattr(page, f) for f in flags] == [False] * 4
    # A file on a note is not an opening file.
    add_internal_note(bare, body="log", actor=world.agent, attachments=[upload("n.txt")])
    assert ticket_for_page(world.agent, bare.pk).has_opening_files is False
    assert find_visible_ticket(world.client_a, full.pk) == full
    assert find_visible_ticket(world.client_b, full.pk) is None


def test_files_of_internal_notes_never_reach_clients_and_come_in_order(world):
    from helpcenter.tickets.actions import add_internal_note, add_reply
    from helpcenter.tickets.selectors import opening_files, visible_attachments
    from tests.helpers import upload

    ticket = open_ticket(world, attachments=[upload("first.txt")])
    add_internal_note(ticket, body="n", actor=world.agent, attachments=[upload("note.txt")])
    add_reply(ticket, body="r", actor=world.client_a, attachments=[upload("reply.txt")])
    names = lambda files: [f.original_name for f in files]  # noqa: E731
    assert names(visible_attachments(world.agent, ticket)) == ["first.txt", "note.txt", "reply.txt"]
    assert names(visible_attachments(world.client_a, ticket)) == ["first.txt", "reply.txt"]
    assert names(opening_files(ticket)) == ["first.txt"]
    # Same moment: the older id first; an earlier moment first whatever the id.
    files = list(ticket.attachments.order_by("id"))
    files[2].created_at = files[0].created_at = files[1].created_at
    for f in files:
        f.save(update_fields=["created_at"])
    assert names(visible_attachments(world.agent, ticket)) == ["first.txt", "note.txt", "reply.txt"]
    files[2].created_at = files[0].created_at - timedelta(seconds=1)
    files[2].save(update_fields=["created_at"])
    assert names(visible_attachments(world.agent, ticket))[0] == "reply.txt"


def test_status_changes_include_internal_ones_and_cc_choices_are_active_people(world):
    from helpcenter.tickets.selectors import events_and_statuses, participant_choices

    ticket = open_ticket(world)
    _events, changes = events_and_statuses(world.client_a, ticket)
    assert [status for _at, status in changes] == ["open"]
    world.client_admin_a.is_active = False
    world.client_admin_a.save()
    choices = set(participant_choices(ticket, exclude=world.client_a))
    assert choices == {world.client_a2}
    assert world.client_a in set(participant_choices(world.org_a))


def test_resolution_spans_name_each_pause_and_end_where_the_next_begins():
    from datetime import UTC, datetime

    from helpcenter.slas.compute import resolution_spans
    from sla.clocks import COUNTING, MET, PAUSED, Span

    t = [datetime(2026, 3, 2, h, tzinfo=UTC) for h in range(9, 16)]
    timeline = [
        (t[0], "open"),
        (t[1], "waiting_on_client"),
        (t[2], "in_progress"),
        (t[3], "resolved"),
        (t[4], "in_progress"),
        (t[5], "resolved"),
    ]
    assert resolution_spans(timeline) == [
        Span(t[0], t[1], COUNTING),
        Span(t[1], t[2], PAUSED, "waiting_on_client"),
        Span(t[2], t[3], COUNTING),
        Span(t[3], t[4], PAUSED, "resolved_then_reopened"),
        Span(t[4], t[5], COUNTING),
        Span(t[5], None, MET),
    ]


def test_sync_clocks_keeps_the_next_deadline_and_the_notices_right(world):
    from helpcenter.slas.compute import sync_clocks
    from helpcenter.slas.models import SlaClock
    from helpcenter.tickets.models import Ticket

    ticket = open_ticket(world, priority="P1")
    other = open_ticket(world, priority="P1")
    fresh = lambda: Ticket.objects.get(pk=ticket.pk)  # noqa: E731
    clocks = sync_clocks(fresh())
    running = [c.due_at for c in clocks if c.met_at is None and c.due_at is not None]
    assert Ticket.objects.get(pk=ticket.pk).sla_next_due == min(running)
    # Judged at the moment asked for, not at the wall clock.
    later = ticket.created_at + timedelta(hours=3)
    assert any(c.breached for c in sync_clocks(fresh(), now=later))
    # A notice stays sent while its moment is not in the future again; it is
    # forgotten once the deadline moves past `now`.
    clock = SlaClock.objects.filter(ticket=ticket).exclude(warn_at=None).first()
    SlaClock.objects.filter(pk=clock.pk).update(
        warned_at=clock.warn_at, breach_notified_at=clock.due_at
    )
    after = {c.kind: c for c in sync_clocks(fresh(), now=clock.due_at)}[clock.kind]
    assert after.warned_at is not None and after.breach_notified_at is not None
    at_warning = {c.kind: c for c in sync_clocks(fresh(), now=clock.warn_at)}[clock.kind]
    assert at_warning.warned_at is not None  # not in the future: kept
    earlier = clock.warn_at - timedelta(minutes=1)
    reset = {c.kind: c for c in sync_clocks(fresh(), now=earlier)}[clock.kind]
    assert reset.warned_at is None and reset.breach_notified_at is None
    assert SlaClock.objects.get(pk=clock.pk).warned_at is None
    # Once nothing runs, the ticket has no next deadline, in memory and stored.
    SlaClock.objects.filter(ticket=ticket).update(met_at=ticket.created_at)
    ticket = fresh()
    from helpcenter.tickets.actions import resolve_ticket, triage_ticket

    triage_ticket(
        ticket,
        ticket_type="incident",
        priority="P1",
        service=world.service_a,
        assignee=world.agent,
        actor=world.agent,
    )
    resolve_ticket(Ticket.objects.get(pk=ticket.pk), actor=world.agent)
    ticket = Ticket.objects.get(pk=ticket.pk)
    sync_clocks(ticket)
    assert Ticket.objects.get(pk=ticket.pk).sla_next_due is None
    assert Ticket.objects.get(pk=other.pk).sla_next_due is not None
    assert SlaClock.objects.filter(ticket=other).count() >= 3


def test_stop_spans_count_until_the_stop_and_are_met_after():
    from datetime import UTC, datetime

    from helpcenter.slas.compute import stop_spans
    from sla.clocks import COUNTING, MET, Span

    t0, t1 = datetime(2026, 3, 2, 9, tzinfo=UTC), datetime(2026, 3, 2, 10, tzinfo=UTC)
    assert stop_spans(t0, t1) == [Span(t0, t1, COUNTING), Span(t1, None, MET)]
    assert stop_spans(t1, t0) == [Span(t1, t1, COUNTING), Span(t1, None, MET)]
    assert stop_spans(t0, None) == [Span(t0, None, COUNTING)]


def test_sync_clocks_rewrites_a_stale_next_deadline_and_drops_unwanted_clocks(world):
    from helpcenter.slas.compute import sync_clocks
    from helpcenter.slas.models import ClockKind, SlaClock
    from helpcenter.tickets.models import Ticket

    ticket = open_ticket(world, priority="P1")
    other = open_ticket(world, priority="P1")
    Ticket.objects.filter(pk=ticket.pk).update(sla_next_due=None)
    stale = SlaClock.objects.create(ticket=ticket, kind=ClockKind.PLANNED, target_seconds=0)
    kept = SlaClock.objects.create(ticket=other, kind=ClockKind.PLANNED, target_seconds=0)
    fresh = Ticket.objects.get(pk=ticket.pk)
    clocks = sync_clocks(fresh)
    due = min(c.due_at for c in clocks if c.met_at is None and c.due_at is not None)
    assert fresh.sla_next_due == due
    assert Ticket.objects.get(pk=ticket.pk).sla_next_due == due
    assert not SlaClock.objects.filter(pk=stale.pk).exists()
    assert SlaClock.objects.filter(pk=kept.pk).exists()
