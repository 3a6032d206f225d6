"""Personas and objects of the access matrix: two organizations, each with everything."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from helpcenter.accounts.actions import invite_user
from helpcenter.accounts.models import Invitation, User
from helpcenter.accounts.roles import Role
from helpcenter.audit.models import AuditEvent
from helpcenter.core.tokens import hash_token
from helpcenter.notifications.models import OutboxMessage
from helpcenter.oncall.models import Page, Rota
from helpcenter.tickets.models import Attachment, Comment, StagedUpload, Ticket, TicketLink
from tests.conftest import make_user
from tests.helpers import open_ticket, upload

PERSONAS = ["anon", "client", "client2", "orgadmin", "other", "mgr_b", "agent", "admin"]


def personas(world) -> dict[str, User | None]:
    manager_b = make_user("mgr-b@support.example", Role.MANAGER, name="Manager B")
    world.org_b.relationship_manager = manager_b
    world.org_b.save(update_fields=["relationship_manager"])
    return {
        "anon": None,
        "client": world.client_a,
        "client2": world.client_a2,
        "orgadmin": world.client_admin_a,
        "other": world.client_b,
        "mgr_b": manager_b,
        "agent": world.agent,
        "admin": world.admin,
    }


def objects_of(world, org: str) -> dict:
    """Org A's or org B's ticket (with a file), invitation, member and on-call page."""
    requester = world.client_a if org == "A" else world.client_b
    organization = world.org_a if org == "A" else world.org_b
    ticket = open_ticket(world, requester=requester, attachments=[upload()])
    member = (
        world.client_a2 if org == "A" else make_user("dora@b.example", Role.CLIENT, organization)
    )
    invitation = invite_user(
        email=f"new-{org.lower()}@x.example",
        full_name="",
        organization=organization,
        role="client",
        actor=world.admin,
    )
    rota, _ = Rota.objects.get_or_create(name="Plantão", defaults={"anchor": timezone.now()})
    page = Page.objects.create(
        ticket=ticket,
        rota=rota,
        user=world.agent,
        reason="opened",
        escalate_at=timezone.now() + timedelta(minutes=15),
        token_hash=hash_token(secrets.token_urlsafe(16)),
    )
    from helpcenter.api.actions import create_token
    from helpcenter.incidents.actions import declare_incident

    incident = declare_incident(
        title=f"Incident {org}",
        impact="",
        services=[ticket.service],
        commander=world.agent,
        actor=world.agent,
        tickets=[ticket],
    )

    from helpcenter.teams.models import RoutingRule, Tag, Team

    team = Team.objects.create(name=f"Equipe {org}")
    tag = Tag.objects.create(name=f"etiqueta {org.lower()}")
    rule = RoutingRule.objects.create(
        position=10, name=f"Regra {org}", team=team, organization=organization
    )
    token, _secret = create_token(requester, name=f"token {org}", actor=requester)
    return {
        "pk": ticket.pk,
        "ticket_id": ticket.pk,
        "organization_id": organization.pk,
        "token_id": token.pk,
        "number": ticket.number,
        "attachment_id": ticket.attachments.get().pk,
        "org_id": organization.pk,
        "org_name": organization.name,
        "user_id": member.pk,
        "invitation_id": invitation.pk,
        "page_id": page.pk,
        "incident_id": incident.pk,
        "team_id": team.pk,
        "rule_id": rule.pk,
        "tag_id": tag.pk,
        "view": "all",
        "name": "compliance",
        "year": timezone.localdate().year,
        "month": timezone.localdate().month,
    }


def _counts_sql() -> str:
    """One statement for every count (a fuzz run takes two snapshots per request: twelve
    round trips each made the suite's slowest test on PostgreSQL)."""
    parts = [
        (Ticket, "COUNT(*)", ""),
        (Ticket, "SUM(version)", ""),
        (Comment, "COUNT(*)", ""),
        (Attachment, "COUNT(*)", ""),
        (StagedUpload, "COUNT(*)", ""),
        (TicketLink, "COUNT(*)", ""),
        (AuditEvent, "COUNT(*)", "WHERE type NOT LIKE 'account.%'"),
        (OutboxMessage, "COUNT(*)", ""),
        (Invitation, "COUNT(*)", "WHERE revoked_at IS NULL"),
        (User, "COUNT(*)", "WHERE is_active"),
        (Page, "COUNT(*)", "WHERE acknowledged_at IS NULL"),
    ]
    # Constants and model table names only: nothing from outside reaches this text.
    selects = [f'(SELECT {what} FROM "{m._meta.db_table}" {where})' for m, what, where in parts]  # noqa: S608
    return "SELECT " + ", ".join(selects)  # noqa: S608


def snapshot() -> tuple:
    """Everything a refused POST must leave as it was. (Sign-in, failed sign-in and
    sign-out events are the trail of the attempt itself: recorded, not a change.)"""
    with connection.cursor() as cursor:
        cursor.execute(_counts_sql())
        counts = tuple(cursor.fetchone())
    return (
        counts,
        list(Ticket.objects.order_by("pk").values_list("status", "assignee_id")),
    )
