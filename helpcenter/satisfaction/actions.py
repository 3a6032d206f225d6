"""Offering a survey when a ticket is resolved, and recording the answer."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpcenter.audit.events import EventType
from helpcenter.audit.models import AuditEvent
from helpcenter.audit.record import record_event
from helpcenter.core.tokens import hash_token, new_token
from helpcenter.notifications.outbox import queue_email
from helpcenter.satisfaction.models import Rating, Survey
from helpcenter.tickets.models import Ticket


class SurveyClosed(Exception):
    """Expired, or its ticket was reopened after it was sent."""


def on_audit_events(events: list[AuditEvent]) -> None:
    """A ticket was resolved: offer its requester the survey; reopened: that
    resolution's survey closes (same transaction)."""
    for event in events:
        if event.ticket_id is None:
            continue
        if event.type == EventType.TICKET_RESOLVED:
            offer_survey(Ticket.objects.select_related("requester").get(pk=event.ticket_id))
        elif event.type == EventType.TICKET_REOPENED:
            Survey.objects.filter(ticket_id=event.ticket_id, superseded_at__isnull=True).update(
                superseded_at=event.created_at
            )


def offer_survey(ticket: Ticket) -> Survey | None:
    """One survey per resolution, unless the ticket was merged away or its requester
    cannot receive it (no e-mail, deactivated)."""
    requester = ticket.requester
    if ticket.merged_into_id is not None or not requester.email or not requester.is_active:
        return None
    token = new_token()
    now = timezone.now()
    survey = Survey.objects.create(
        ticket=ticket,
        requester=requester,
        token_hash=hash_token(token),
        sent_at=now,
        expires_at=now + timedelta(days=settings.SURVEY_DAYS),
    )
    queue_email(
        "satisfaction_survey",
        to=requester.email,
        dedupe_key=f"satisfaction_survey:{survey.pk}",
        context={"ticket_id": ticket.pk, "survey_id": survey.pk, "token": token},
        language=requester.language,
        time_zone=requester.time_zone,
    )
    return survey


def closed_reason(survey: Survey) -> str:
    """Why a survey no longer takes an answer, in words for the person holding it."""
    if survey.superseded_at is not None:
        return _(
            "The ticket was reopened after this survey was sent: you will get a new one "
            "when it is resolved again."
        )
    return _("This survey has expired.")


def answer_survey(survey: Survey, *, rating: str, comment: str = "") -> Survey:
    """Store the answer, or change it (by the link's holder or the requester on the
    ticket page) while the survey is open. A change is audited with what it replaced."""
    if rating not in Rating.values:
        raise ValueError(rating)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().select_related("ticket").get(pk=survey.pk)
        if not survey.is_open():
            raise SurveyClosed(closed_reason(survey))
        before = {"rating": survey.rating, "comment": survey.comment}
        survey.rating = rating
        survey.comment = comment.strip()[:2000]
        survey.answered_at = timezone.now()
        survey.save(update_fields=["rating", "comment", "answered_at"])
        after = {"rating": rating, "comment": survey.comment}
        if before == after:
            return survey
        data = {"after": after, **({"before": before} if before["rating"] else {})}
        record_event(
            EventType.TICKET_SURVEY_ANSWERED,
            actor=survey.requester,
            ticket=survey.ticket,
            data=data,
        )
    return survey
