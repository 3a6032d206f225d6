"""Reads of surveys: by the link's token, the one a requester may answer on the
ticket page, the answers a ticket page shows, and the counts reports use."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from helpcenter.core.choices import Status
from helpcenter.core.tokens import hash_token
from helpcenter.satisfaction.models import Survey


def survey_for_token(token: str) -> Survey | None:
    if not token or len(token) > 200:
        return None
    return (
        Survey.objects.select_related("ticket", "requester")
        .filter(token_hash=hash_token(token))
        .first()
    )


def open_survey(ticket, user) -> Survey | None:
    """The survey `user` may still answer on this ticket (the requester's latest)."""
    if user.pk != ticket.requester_id:
        return None
    survey = Survey.objects.filter(ticket=ticket, requester=user).first()
    return survey if survey is not None and survey.is_open(timezone.now()) else None


def on_ticket(ticket, user, *, statuses=None) -> tuple[list[Survey], Survey | None]:
    """What the ticket page shows, in one query: the answers given (oldest first)
    and the survey `user` may still answer there, if any. `statuses`: the ticket's
    status changes when the caller has read them; surveys are offered on resolution
    only (satisfaction.actions), so a ticket never resolved needs no query."""
    if statuses is not None and not any(s == Status.RESOLVED for _at, s in statuses):
        return [], None
    surveys = list(Survey.objects.filter(ticket=ticket).select_related("requester"))
    answered = sorted(
        (s for s in surveys if s.answered_at is not None), key=lambda s: s.answered_at or s.sent_at
    )
    mine = [s for s in surveys if s.requester_id == user.pk == ticket.requester_id]
    latest = max(mine, key=lambda s: s.sent_at, default=None)
    return answered, latest if latest is not None and latest.is_open(timezone.now()) else None


def counts(tickets: QuerySet) -> dict[str, int]:
    """Surveys sent and answered good/bad, for tickets of a report or statement: one per
    resolution (a changed answer is still one), a survey closed unanswered by a reopen
    not counted (that resolution did not hold; the next one has its own)."""
    return Survey.objects.filter(ticket__in=tickets).aggregate(
        sent=Count("id", filter=Q(answered_at__isnull=False) | Q(superseded_at__isnull=True)),
        good=Count("id", filter=Q(rating="good")),
        bad=Count("id", filter=Q(rating="bad")),
    )
