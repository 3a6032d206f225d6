"""Sending monthly statements: by a relationship manager or an admin, and by the
worker on the first working day of each month (the previous month's)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from helpcenter.accounts.models import Organization, User
from helpcenter.accounts.roles import Role
from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event
from helpcenter.notifications.models import OutboxMessage
from helpcenter.notifications.outbox import Mail, mail_to, queue_many
from helpcenter.reports.forms import month_start


def statement_recipients(organization: Organization) -> list[User]:
    """The organization's admins, who receive its statements."""
    return list(
        User.objects.filter(organization=organization, role=Role.CLIENT_ADMIN, is_active=True)
    )


def send_statement(organization: Organization, month: date, *, actor: User | None) -> int:
    """Queue the month's statement (a PDF built at delivery) to each org admin once;
    returns how many were newly queued. One audit event when any were."""
    month = month_start(month)
    key = f"statement:{organization.pk}:{month:%Y-%m}"
    with transaction.atomic():
        mails: list[Mail] = []
        for person in statement_recipients(organization):
            mail = mail_to(
                "monthly_statement",
                person,
                dedupe_key=f"{key}:{person.pk}",
                context={"organization_id": organization.pk, "month": f"{month:%Y-%m}"},
            )
            if mail is not None:
                mails.append(mail)
        sent = set(
            OutboxMessage.objects.filter(dedupe_key__in=[m.dedupe_key for m in mails]).values_list(
                "dedupe_key", flat=True
            )
        )
        new = [m for m in mails if m.dedupe_key not in sent]
        if not new:
            return 0
        queue_many(new)
        record_event(
            EventType.STATEMENT_SENT,
            actor=actor,
            organization=organization,
            public=False,
            subject=f"accounts.organization:{organization.pk}",
            data={"month": f"{month:%Y-%m}", "to": [m.to for m in new]},
        )
    return len(new)


def first_working_day(day: date) -> date:
    """The month's first Monday-to-Friday."""
    first = day.replace(day=1)
    while first.weekday() >= 5:
        first = first.replace(day=first.day + 1)
    return first


def monthly_statements(*, now: datetime | None = None) -> int:
    """The worker's hourly job: on the first working day of a month, from 08:00,
    last month's statement to every active organization's admins (once: the
    outbox's dedupe keys)."""
    today = timezone.localdate(now or timezone.now())
    local = timezone.localtime(now or timezone.now())
    if today != first_working_day(today) or local.hour < 8:
        return 0
    last_month = month_start(today, -1)
    return sum(
        send_statement(org, last_month, actor=None)
        for org in Organization.objects.filter(is_active=True)
    )
