"""Digests: notices that fall due together go out as one e-mail per person.

A recipient's held items are flushed once the oldest has waited
NOTICE_DIGEST_MINUTES: everything held for them by then goes in one outbox row
(the digest's template, with every item's context), or, when only one item is
held, as that item's own e-mail. Rows are claimed with SKIP LOCKED and deleted
in the transaction that queues the e-mail, so each item is sent exactly once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from helpcenter.notifications.models import DigestItem
from helpcenter.notifications.outbox import queue_email

MAX_ITEMS = 200  # one digest lists at most this many; the rest go in the next


def flush_digests(*, now: datetime, batch: int = 200) -> int:
    cutoff = now - timedelta(minutes=settings.NOTICE_DIGEST_MINUTES)
    sent = 0
    groups = list(
        DigestItem.objects.filter(created_at__lte=cutoff)
        .values_list("template", "to")
        .order_by("template", "to")  # not the model's ordering by id: that breaks DISTINCT
        .distinct()[:batch]
    )
    for template, to in groups:
        with transaction.atomic():
            items = list(
                DigestItem.objects.select_for_update(skip_locked=True)
                .filter(template=template, to=to)
                .order_by("id")[:MAX_ITEMS]
            )
            if not items:
                continue
            first = items[0]
            if len(items) == 1:
                queue_email(
                    first.single_template,
                    to=to,
                    dedupe_key=first.dedupe_key,
                    context=first.context,
                    language=first.language,
                    time_zone=first.time_zone,
                )
            else:
                queue_email(
                    template,
                    to=to,
                    dedupe_key=f"digest:{template}:{to}:{first.pk}",
                    context={"items": [i.context for i in items]},
                    language=first.language,
                    time_zone=first.time_zone,
                )
            DigestItem.objects.filter(pk__in=[i.pk for i in items]).delete()
            sent += 1
    return sent
