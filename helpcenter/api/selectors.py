"""The API's reads: tokens, idempotency keys, and tickets, people, organizations and
services as a token's person may see them."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from helpcenter.accounts.access import organizations_visible_to
from helpcenter.accounts.models import Organization, User
from helpcenter.api.actions import digest_of
from helpcenter.api.models import ApiToken, IdempotencyKey
from helpcenter.api.schemas import MAX_ID
from helpcenter.catalog.models import Service
from helpcenter.tickets.models import Ticket
from helpcenter.tickets.selectors import visible_tickets


def token_for_secret(secret: str) -> ApiToken | None:
    """The active token of an active person with this secret, else None."""
    if not secret or len(secret) > 200:
        return None
    found = (
        ApiToken.objects.select_related("user", "user__organization")
        .filter(digest=digest_of(secret), revoked_at__isnull=True)
        .first()
    )
    return found if found is not None and found.user.is_active else None


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def own_token(user, pk: int) -> ApiToken | None:
    return ApiToken.objects.filter(user=user, pk=pk).first()


def idempotency_key(user, key: str) -> IdempotencyKey | None:
    return IdempotencyKey.objects.select_related("ticket").filter(user=user, key=key).first()


def api_tickets(user) -> QuerySet[Ticket]:
    """The tickets `user` may see, with what the API shows of each (the tags, internal,
    for the support team only: `tag_list`)."""
    tags = [Prefetch("tags", to_attr="tag_list")] if user.is_support_staff else []
    return (
        visible_tickets(user)
        .select_related("organization", "service", "requester", "assignee")
        .prefetch_related("participants", "sla_clocks", *tags)
    )


def valid_id(pk) -> bool:
    """An id the database can hold (a larger one is simply not found, never a query
    that fails and aborts the transaction)."""
    return isinstance(pk, int) and 1 <= pk <= MAX_ID


def api_ticket(user, pk: int) -> Ticket:
    """The ticket if `user` may see it; 404 otherwise, whether or not it exists."""
    if not valid_id(pk):
        raise Http404
    return get_object_or_404(api_tickets(user), pk=pk)


def people(ids: list[int]) -> list[User]:
    """Users by id, in the order asked (unknown ids left out: the actions refuse them)."""
    ids = [i for i in ids if valid_id(i)]
    if not ids:
        return []
    found = {u.pk: u for u in User.objects.filter(pk__in=ids).select_related("organization")}
    return [found[i] for i in ids if i in found]


def person(pk: int | None) -> User | None:
    found = people([pk]) if pk is not None else []
    return found[0] if found else None


def organizations_for(user) -> QuerySet[Organization]:
    """Staff: the organizations they work on; a client: their own."""
    if user.is_support_staff:
        orgs = organizations_visible_to(user)
    else:
        orgs = Organization.objects.filter(pk=user.organization_id, is_active=True)
    return orgs.prefetch_related("services").order_by("name")


def service_for(pk: int) -> Service | None:
    if not valid_id(pk):
        return None
    return Service.objects.select_related("organization").filter(pk=pk).first()


def account_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()
