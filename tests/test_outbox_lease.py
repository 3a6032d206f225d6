"""Outbox leases: short, renewed while the worker lives, checked before each send.

The fault probe found a 5-minute lease never renewed: with a relay taking 7 s a
message, a second worker re-claimed the tail of the first one's batch and 8 of
50 e-mails arrived twice; a killed worker's rows waited ~300 s. Now a claim
carries a token, every send first renews (and so proves) its own lease, the
rest of the batch is renewed every third of a lease, and pages go first.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from helpcenter.notifications import delivery
from helpcenter.notifications.delivery import LEASE, claim_due, deliver, renew, still_ours
from helpcenter.notifications.models import OutboxMessage, OutboxStatus
from helpcenter.notifications.outbox import queue_email


def queue(n: int, template: str = "prerendered", prefix: str = "m") -> None:
    for i in range(n):
        queue_email(
            template,
            to=f"p{i}@example.com",
            dedupe_key=f"{prefix}:{i}",
            context={"subject": f"Assunto {i}", "text": "Olá"},
        )


def test_a_worker_whose_lease_was_taken_over_does_not_send(db):
    queue(5)
    t0 = timezone.now()
    first = claim_due(now=t0, batch=5)
    # The first worker stalls past its lease; a second one claims the same rows.
    second = claim_due(now=t0 + LEASE + timedelta(seconds=1), batch=5)
    assert {r.pk for r in first} == {r.pk for r in second}
    later = t0 + LEASE + timedelta(seconds=2)
    assert not any(still_ours(row, now=later) for row in first)
    for row in second:
        assert still_ours(row, now=later)
        deliver(row, connection=None, now=later)
    assert len(mail.outbox) == 5
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 5


def test_the_heartbeat_keeps_a_living_workers_batch(db):
    queue(3)
    t0 = timezone.now()
    rows = claim_due(now=t0, batch=3)
    assert renew(rows[0].lease_token, now=t0 + timedelta(seconds=25)) == 3
    # Past the first lease, but renewed: nobody else may take them.
    assert claim_due(now=t0 + LEASE + timedelta(seconds=1), batch=3) == []


def test_a_dead_workers_rows_come_back_within_one_lease(db):
    queue(3)
    t0 = timezone.now()
    claim_due(now=t0, batch=3)  # and the worker is killed
    assert claim_due(now=t0 + LEASE - timedelta(seconds=1), batch=3) == []
    assert len(claim_due(now=t0 + LEASE + timedelta(seconds=1), batch=3)) == 3
    assert timedelta(seconds=30) >= LEASE


def test_on_call_pages_never_wait_behind_routine_mail(db):
    queue(40, prefix="rotina")
    queue(1, template="page", prefix="page_email")
    rows = claim_due(now=timezone.now(), batch=5)
    assert rows[0].template == "page"


def test_deliver_due_renews_before_each_send(db, monkeypatch):
    queue(4)
    renewals = []
    real = delivery.still_ours

    def spy(message, *, now):
        renewals.append(message.pk)
        return real(message, now=now)

    monkeypatch.setattr(delivery, "still_ours", spy)
    assert delivery.deliver_due() == 4
    assert len(renewals) == 4 and len(mail.outbox) == 4


def test_a_stopping_worker_hands_its_batch_back_at_once(db):
    from helpcenter.core.jobs import stop_requested

    queue(5)
    stop_requested.set()
    try:
        assert delivery.deliver_due() == 0
    finally:
        stop_requested.clear()
    # Nothing sent, nothing left leased: another worker may take all five now.
    assert len(mail.outbox) == 0
    assert len(claim_due(now=timezone.now(), batch=5)) == 5


def test_a_page_queued_during_a_routine_batch_goes_out_before_the_rest(db, monkeypatch):
    queue(5, prefix="rotina")
    real = delivery.deliver

    def first_send_queues_a_page(message, *, connection, now):
        if not OutboxMessage.objects.filter(template="page").exists():
            queue(1, template="page", prefix="page_email")
        return real(message, connection=connection, now=now)

    monkeypatch.setattr(delivery, "deliver", first_send_queues_a_page)
    monkeypatch.setattr(delivery, "PAGE_CHECK_SECONDS", 0)
    assert delivery.deliver_due() == 1  # one routine message, then the batch goes back
    rest = OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
    assert rest.count() == 5 and set(rest.values_list("lease_token", flat=True)) == {""}
    assert claim_due(now=timezone.now(), batch=20)[0].template == "page"
