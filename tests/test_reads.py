"""Whole-row reads with a prepared statement (core/reads.py) return what the ORM returns."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helpcenter.accounts.models import User
from helpcenter.accounts.sessions import SessionStore
from helpcenter.catalog.models import Service
from helpcenter.catalog.selectors import service_for_client, services_for_client
from helpcenter.core.reads import read_rows
from helpcenter.notifications.models import OutboxMessage
from helpcenter.portal.forms import TicketForm
from helpcenter.tickets.models import Ticket
from tests.helpers import open_ticket


def same_row(a, b) -> None:
    assert type(a) is type(b) and not a._state.adding and a._state.db == b._state.db
    for field in type(a)._meta.concrete_fields:
        assert getattr(a, field.attname) == getattr(b, field.attname), field.name


def test_a_row_reads_as_the_orm_reads_it_with_converters(world):
    ticket = open_ticket(world, planned_start=None)
    ticket.assignee = world.agent
    ticket.save()
    [read] = read_rows(Ticket, {"id": ticket.pk}, related=("assignee", "sla_policy"))
    with CaptureQueriesContext(connection) as counted:
        assert read.assignee.email == world.agent.email  # cached: no query
        assert read.sla_policy.pk == ticket.sla_policy_id
    assert len(counted) == 0
    orm = Ticket.objects.select_related("assignee", "sla_policy").get(pk=ticket.pk)
    same_row(read, orm)
    assert isinstance(read.created_at, dt.datetime) and read.created_at.tzinfo is not None
    same_row(read.assignee, orm.assignee)
    same_row(read.sla_policy, orm.sla_policy)


def test_a_nullable_foreign_key_that_points_nowhere_is_cached_as_none(world):
    ticket = open_ticket(world)
    [read] = read_rows(Ticket, {"id": ticket.pk}, related=("assignee",))
    assert read.assignee_id is None
    with CaptureQueriesContext(connection) as counted:
        assert read.assignee is None
    assert len(counted) == 0


def test_json_and_booleans_round_trip(db):
    context = {"texto": 'ação "aspas" \\ 😀', "n": [1, None, 2.5]}
    message = OutboxMessage.objects.create(template="t", to="a@x.example", context=context)
    [read] = read_rows(OutboxMessage, {"id": message.pk})
    assert read.context == context
    same_row(read, OutboxMessage.objects.get(pk=message.pk))


def test_conditions_are_all_required_and_values_prepared_like_a_filter(world):
    assert read_rows(Service, {"id": world.service_a.pk, "organization_id": world.org_b.pk}) == []
    [found] = read_rows(Service, {"id": str(world.service_a.pk), "is_active": True})
    assert found.pk == world.service_a.pk
    with pytest.raises(ValueError):
        read_rows(Service, {"id": "not a number"})
    with pytest.raises(ValueError):
        Service.objects.filter(id="not a number").first()


def test_greater_than_compares_datetimes(db):
    now = timezone.now()
    Session.objects.create(session_key="k" * 32, session_data="x", expire_date=now)
    assert read_rows(Session, {"session_key": "k" * 32, "expire_date__gt": now}) == []
    assert len(read_rows(Session, {"session_key": "k" * 32, "expire_date__gt": now - dt.timedelta(seconds=1)})) == 1  # fmt: skip


def test_user_get_by_pk_is_the_orm_user_and_other_lookups_stay_the_orms(world):
    user = User.objects.get(pk=world.client_a.pk)
    same_row(user, User.objects.filter(pk=world.client_a.pk).get())
    assert User.objects.get(id=str(world.client_a.pk)).email == world.client_a.email
    assert User.objects.get(email=world.client_a.email).pk == world.client_a.pk
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=10**9)
    with pytest.raises(User.DoesNotExist):
        User.objects.get(email="nobody@x.example")


def test_the_session_store_reads_live_sessions_only(world):
    store = SessionStore()
    store[SESSION_KEY] = str(world.client_a.pk)
    store.create()
    again = SessionStore(store.session_key)
    assert again[SESSION_KEY] == str(world.client_a.pk)
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert SESSION_KEY not in expired and expired.session_key is None
    assert SESSION_KEY not in SessionStore("z" * 32)


def test_a_signed_in_page_works_through_the_store(client, world):
    client.force_login(world.client_a)
    assert client.get("/tickets/").status_code == 200
    client.logout()
    assert client.get("/tickets/").status_code == 302


def test_the_service_a_client_may_choose_is_the_same_rule_both_ways(world):
    world.service_a2.is_active = False
    world.service_a2.save()
    offered = {s.pk for s in services_for_client(world.client_a)}
    for service in Service.objects.all():
        found = service_for_client(world.client_a, service.pk)
        assert (found is not None) == (service.pk in offered), service.name
        if found is not None:
            assert found.organization.name == "Org A"
    assert service_for_client(world.agent, world.service_a.pk) is None


@pytest.mark.parametrize("value", ["", "abc", "9" * 40, "-1", None])
def test_the_ticket_form_refuses_a_service_no_client_may_choose(world, value):
    data = {"type": "incident", "priority": "P3", "title": "t", "description": "d"}
    form = TicketForm(
        {**data, "service": value} if value is not None else data, user=world.client_a
    )
    assert not form.is_valid() and "service" in form.errors
    form = TicketForm({**data, "service": world.service_b.pk}, user=world.client_a)
    assert not form.is_valid() and "service" in form.errors
    form = TicketForm({**data, "service": world.service_a.pk}, user=world.client_a)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["service"].organization == world.org_a


def test_nested_related_rows_and_is_null(world):
    from helpcenter.api.models import ApiToken

    token = ApiToken.objects.create(user=world.client_a, name="t", digest="d" * 64)
    staff = ApiToken.objects.create(user=world.agent, name="s", digest="e" * 64)
    [read] = read_rows(
        ApiToken,
        {"digest": "d" * 64, "revoked_at__isnull": True},
        related=("user", "user__organization"),
    )
    with CaptureQueriesContext(connection) as counted:
        assert read.user.email == world.client_a.email
        assert read.user.organization.name == "Org A"
    assert len(counted) == 0 and read.pk == token.pk
    # An agent has no organization: the nullable join still finds the token.
    [agent] = read_rows(ApiToken, {"digest": "e" * 64}, related=("user", "user__organization"))
    assert agent.pk == staff.pk and agent.user.organization is None
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert read_rows(ApiToken, {"digest": "d" * 64, "revoked_at__isnull": True}) == []
    with pytest.raises(ValueError):
        read_rows(ApiToken, {"revoked_at__isnull": False})
    with pytest.raises(ValueError):
        read_rows(ApiToken, {"id": 1}, related=("user__organization",))
