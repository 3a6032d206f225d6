"""/api/v1/tickets: open (idempotent), list with a cursor, read, change."""

from __future__ import annotations

import base64
import hashlib
import re
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Answer

from helpcenter.api import present
from helpcenter.api.actions import remember_idempotency_key
from helpcenter.api.auth import caller
from helpcenter.api.contract import REFUSED, REUSED_KEY, STALE, answers, extra
from helpcenter.api.errors import FieldErrors
from helpcenter.api.schemas import (
    Id,
    PriorityCode,
    StatusCode,
    Text,
    TicketIn,
    TicketOut,
    TicketPage,
    TicketPatch,
)
from helpcenter.api.selectors import (
    api_ticket,
    api_tickets,
    idempotency_key,
    organizations_for,
    people,
    person,
    service_for,
    valid_id,
)
from helpcenter.api.shaping import apply_desk_fields
from helpcenter.audit.actors import ActorKind, acting_through
from helpcenter.tickets import actions
from helpcenter.tickets.models import Channel
from helpcenter.tickets.search import exact_and_rest
from helpcenter.tickets.statuses import ActionRefused

router = Router(tags=["tickets"])
FORBIDDEN = "You may not set this field."


@contextmanager
def via_api(request):
    """Audit events written inside name the token that acted, on behalf of its person."""
    token = request.api_token
    with acting_through(ActorKind.API_TOKEN, f"{token.prefix}… (#{token.pk})"):
        yield


_VERSION = re.compile(r'(?:W/)?"?([0-9]{1,18})"?')


def expected_version(request) -> int | None:
    """`If-Match: "<version>"` (or a bare number): the version the change is based on."""
    value = request.headers.get("If-Match", "").strip()
    if not value:
        return None
    found = _VERSION.fullmatch(value)
    if found is None:
        raise FieldErrors({"If-Match": [_("Send the ticket's version, as a number.")]})
    return int(found.group(1))


def idempotency_key_of(request) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 200:
        raise FieldErrors({"Idempotency-Key": [_("At most 200 characters.")]})
    return key


def _read(user, pk: int) -> dict:
    return present.ticket(api_ticket(user, pk))


def _located(response: HttpResponse, ticket_id: int) -> None:
    response["Location"] = reverse("api-v1:ticket_read", args=[ticket_id])


def _replay(user, key: str, digest: str, response: HttpResponse):
    """The ticket an Idempotency-Key already created (same body), or None."""
    earlier = idempotency_key(user, key)
    if earlier is None:
        return None
    if earlier.body_digest != digest:
        raise FieldErrors(
            {"Idempotency-Key": [_("This key was used with a different request.")]}, status=422
        )
    _located(response, earlier.ticket_id)
    response["Idempotent-Replayed"] = "true"
    return Answer(201, _read(user, earlier.ticket_id))


def _requester(user, payload: TicketIn):
    if not user.is_support_staff:
        if payload.requester is not None:
            raise FieldErrors({"requester": [_(FORBIDDEN)]})
        return user, user.organization
    requester = person(payload.requester)
    if (
        requester is None
        or not requester.is_client
        or not requester.is_active
        or requester.organization_id is None
        or not organizations_for(user).filter(pk=requester.organization_id).exists()
    ):
        raise FieldErrors({"requester": [_("Choose an active client user.")]})
    return requester, requester.organization


@router.post(
    "/tickets",
    response=answers({201: TicketOut}, REUSED_KEY),
    openapi_extra=extra(idempotency_key=True),
    url_name="ticket_create",
    summary="Open a ticket (honours Idempotency-Key)",
)
def create_ticket(request: HttpRequest, payload: TicketIn, response: HttpResponse):
    user = caller(request)
    key = idempotency_key_of(request)
    digest = hashlib.sha256(request.body).hexdigest()
    if key and (replayed := _replay(user, key, digest, response)):
        return replayed
    requester, organization = _requester(user, payload)
    service = service_for(payload.service)
    if service is None or service.organization_id != organization.pk or not service.is_active:
        raise FieldErrors({"service": [_("Choose one of the organization's services.")]})
    cc = people(payload.participants)
    if len(cc) != len(set(payload.participants)) or any(
        p.organization_id != organization.pk or not p.is_active for p in cc
    ):
        raise FieldErrors({"participants": [_("Choose active people of the organization.")]})
    try:
        with via_api(request):
            ticket = actions.open_ticket(
                organization=organization,
                requester=requester,
                type=payload.type,
                priority=payload.priority,
                service=service,
                title=payload.title,
                description=payload.description,
                actor=user,
                participants=cc,
                planned_start=payload.planned_start,
                planned_end=payload.planned_end,
                channel=Channel.API,
                # The key commits with the ticket: one transaction, no savepoint.
                also=(
                    (lambda t: remember_idempotency_key(user, key=key, digest=digest, ticket=t))
                    if key
                    else None
                ),
            )
    except ActionRefused as exc:
        raise FieldErrors({"planned_end": [str(exc)]}) from exc
    except IntegrityError:
        # The same key raced another request: that one created the ticket.
        if key and (replayed := _replay(user, key, digest, response)):
            return replayed
        raise
    _located(response, ticket.pk)
    # The ticket as just written (its clocks read back once), not re-read through the
    # visibility rule: its opener may see it.
    others = [p for p in cc if p.pk != requester.pk]
    return Answer(201, present.ticket(ticket, participants=others, tags=[]))


class TicketFilters(Schema):
    status: StatusCode | None = None
    priority: PriorityCode | None = None
    organization: Id | None = None
    q: Text | None = Field(
        None,
        max_length=200,
        description="a ticket number in any form (HS-000004, hs-4, #4, 4) or words; "
        "the ticket with that number comes first",
    )
    cursor: str | None = None
    limit: int = Field(25, ge=1, le=100)


def _cursor(value: str | None) -> int | None:
    if not value:
        return None
    try:
        after = int(base64.urlsafe_b64decode(value.encode() + b"==").decode())
    except (ValueError, UnicodeDecodeError):
        after = 0
    if not valid_id(after):
        raise FieldErrors({"cursor": [_("This cursor is not one the API gave.")]})
    return after


@router.get(
    "/tickets",
    response=answers({200: TicketPage}),
    openapi_extra=extra(),
    url_name="ticket_list",
    summary="List tickets",
)
def list_tickets(request: HttpRequest, filters: Query[TicketFilters]):
    user = caller(request)
    tickets = api_tickets(user).order_by("-id")
    if filters.status:
        tickets = tickets.filter(status=filters.status)
    if filters.priority:
        tickets = tickets.filter(priority=filters.priority)
    if filters.organization is not None:
        tickets = tickets.filter(organization_id=filters.organization)
    exact = []
    if filters.q and filters.q.strip():
        numbered, tickets = exact_and_rest(tickets, filters.q)
        if numbered is not None and not filters.cursor:
            exact = list(numbered)
    after = _cursor(filters.cursor)
    if after is not None:
        tickets = tickets.filter(pk__lt=after)
    rest = list(tickets[: filters.limit + 1 - len(exact)])
    page = (exact + rest)[: filters.limit]
    following = None
    if len(exact) + len(rest) > filters.limit:
        # Continue below the last row of the ordered rest (the exact match is not in it).
        shown = page[len(exact) :]
        below = shown[-1].pk if shown else rest[0].pk + 1
        following = base64.urlsafe_b64encode(str(below).encode()).decode().rstrip("=")
    return {"items": [present.ticket(t) for t in page], "next": following}


@router.get(
    "/tickets/{int:ticket_id}",
    response=answers({200: TicketOut}),
    openapi_extra=extra(),
    url_name="ticket_read",
)
def read_ticket(request: HttpRequest, ticket_id: int):
    return _read(caller(request), ticket_id)


@router.patch(
    "/tickets/{int:ticket_id}",
    response=answers({200: TicketOut}, REFUSED, STALE),
    openapi_extra=extra(if_match=True),
    url_name="ticket_update",
    summary="Change what the caller may change (If-Match: the version it is based on)",
)
def update_ticket(request: HttpRequest, ticket_id: int, payload: TicketPatch):
    user = caller(request)
    ticket = api_ticket(user, ticket_id)
    version = expected_version(request)
    if not user.is_support_staff:
        staff_only = ("priority", "assignee", "team", "add_tags", "remove_tags")
        forbidden = [f for f in staff_only if getattr(payload, f) not in (None, [])]
        if forbidden:
            raise FieldErrors({f: [_(FORBIDDEN)] for f in forbidden})
    with transaction.atomic(), via_api(request):
        if payload.priority is not None and payload.priority != ticket.priority:
            ticket = actions.change_priority(
                ticket,
                priority=payload.priority,
                reason=payload.reason,
                actor=user,
                expected_version=version,
            )
            version = None
        if payload.assignee is not None:
            assignee = person(payload.assignee)
            if assignee is None or not assignee.is_support_staff:
                raise FieldErrors({"assignee": [_("Choose a member of the support team.")]})
            ticket = actions.assign_ticket(
                ticket, assignee=assignee, actor=user, expected_version=version
            )
            version = None
        ticket, version = apply_desk_fields(ticket, payload, user=user, version=version)
        if payload.add_participants:
            added = people(payload.add_participants)
            if len(added) != len(set(payload.add_participants)):
                raise FieldErrors(
                    {"add_participants": [_("Choose active people of the organization.")]}
                )
            actions.add_participants(
                ticket,
                people=added,
                actor=user,
                expected_version=version,
            )
    return _read(user, ticket_id)
