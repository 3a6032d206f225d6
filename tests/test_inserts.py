"""The hot-path INSERTs (core/inserts.py) store exactly what the ORM would."""

from __future__ import annotations

import datetime as dt

from helpcenter.core.inserts import insert_one, insert_rows
from helpcenter.notifications.models import OutboxMessage
from helpcenter.slas.models import SlaClock
from helpcenter.tickets.models import Ticket
from tests.helpers import open_ticket

AWKWARD = {"texto": 'ação "aspas" \' \\ \u2028 😀', "n": [1, None, 2.5], "vazio": {}}


def test_insert_rows_stores_what_the_orm_reads_back_and_skips_duplicates(db):
    at = dt.datetime(2026, 11, 26, 15, 4, 5, 123456, tzinfo=dt.UTC)
    rows = [
        OutboxMessage(template="t", to="a@x.example", dedupe_key="k1", context=AWKWARD,
                      language="pt-br", time_zone="America/Sao_Paulo", next_attempt_at=at),
        OutboxMessage(template="t", to="b@x.example", dedupe_key="k2", context={},
                      language="en", time_zone="UTC"),
    ]  # fmt: skip
    insert_rows(rows, ignore_conflicts=True)
    insert_rows([OutboxMessage(template="other", to="c@x.example", dedupe_key="k1")],
                ignore_conflicts=True)  # fmt: skip
    stored = {m.dedupe_key: m for m in OutboxMessage.objects.all()}
    assert set(stored) == {"k1", "k2"}
    assert stored["k1"].context == AWKWARD and stored["k1"].template == "t"
    assert stored["k1"].next_attempt_at == at and stored["k1"].status == "pending"
    assert stored["k2"].sent_at is None and stored["k2"].attempts == 0


def test_insert_one_sets_the_id_like_save(world):
    ticket = open_ticket(world)  # through insert_one
    again = Ticket.objects.get(pk=ticket.pk)
    assert ticket.pk and not ticket._state.adding
    for field in ("title", "priority", "status", "created_at", "updated_at", "sla_next_due"):
        assert getattr(again, field) == getattr(ticket, field), field
    clocks = {c.kind: c for c in SlaClock.objects.filter(ticket=ticket)}
    assert set(clocks) == {"first_response", "triage", "resolution"}
    assert ticket.sla_next_due == min(c.due_at for c in clocks.values())
    assert all(c.target_seconds > 0 and c.met_at is None for c in clocks.values())
    copy = Ticket(**{f.attname: getattr(ticket, f.attname) for f in Ticket._meta.concrete_fields
                     if not f.primary_key})  # fmt: skip
    insert_one(copy)
    assert copy.pk != ticket.pk and Ticket.objects.get(pk=copy.pk).title == ticket.title
