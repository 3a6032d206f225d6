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


def _typed(values):
    """Values with their types (psycopg's sized integers are ints of another type);
    JSON wrappers by what they wrap."""
    return [(type(v), getattr(v, "obj", v)) for v in values]


def test_the_preparers_give_what_djangos_own_preparation_gives(world):
    from django.db import connection, models
    from django.utils.translation import gettext_lazy

    from helpcenter.api.models import IdempotencyKey
    from helpcenter.audit.models import AuditEvent
    from helpcenter.core.inserts import _preparer, _statement, prepared

    ticket = open_ticket(world)  # a real ticket, its clocks, its e-mail row, its event
    rows = [
        ticket,
        *SlaClock.objects.filter(ticket=ticket),
        *OutboxMessage.objects.all()[:2],
        *AuditEvent.objects.filter(ticket=ticket),
        IdempotencyKey(user=world.client_a, key="k", body_digest="d", ticket=ticket),
    ]
    # Values of another type than the field's own take Django's full path.
    odd = Ticket(**{f.attname: getattr(ticket, f.attname) for f in Ticket._meta.concrete_fields})
    odd.title = gettext_lazy("Open")  # a lazy string in a CharField
    odd.version = "7"  # a digit string in an integer field
    odd.requester_id = str(ticket.requester_id)  # a string id in a foreign key
    odd.assignee_id = None
    odd.sla_next_due = "2026-11-26T10:00:00-03:00"  # text in a datetime field
    rows.append(odd)
    for obj in rows:
        preps, _sql = _statement(type(obj), 1, False, True)
        fields = [f for f in obj._meta.concrete_fields if not f.primary_key and not f.generated]
        django = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
        ours = prepared(obj, preps)
        if type(obj) is Ticket:  # updated_at is auto_now: both read the clock
            at = [f.attname for f in fields].index("updated_at")
            django[at] = ours[at] = None
        assert _typed(ours) == _typed(django), type(obj).__name__
        assert len(preps) == len(fields)

    # A subclass of a text field may prepare differently: it takes the full path.
    class Shouting(models.CharField):
        def get_prep_value(self, value):
            return super().get_prep_value(value).upper()

    field = Shouting(max_length=200)
    field.set_attributes_from_name("title")
    assert _preparer(field)(ticket) == ticket.title.upper() != ticket.title
