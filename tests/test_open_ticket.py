import pytest
from django.core.exceptions import PermissionDenied

from helpcenter.audit.models import AuditEvent
from helpcenter.notifications.models import OutboxMessage
from helpcenter.tickets.models import Attachment, Channel, Priority, Ticket
from helpcenter.tickets.statuses import Status
from tests.helpers import days_ahead, open_ticket, upload


def test_open_ticket_writes_ticket_event_and_outbox_in_one_go(world):
    ticket = open_ticket(
        world, priority=Priority.P1, participants=[world.client_a2], attachments=[upload()]
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.assignee is None
    assert ticket.channel == Channel.PORTAL
    assert ticket.number == f"HS-{ticket.pk:06d}"
    assert list(ticket.participants.all()) == [world.client_a2]
    events = list(AuditEvent.objects.filter(ticket=ticket))
    assert [e.type for e in events] == ["ticket.created"]
    assert events[0].actor == world.client_a
    assert events[0].data["after"]["priority"] == "P1"
    outbox = OutboxMessage.objects.filter(template="ticket_created").order_by("to")
    assert [(m.template, m.to) for m in outbox] == [
        ("ticket_created", "ana@a.example"),
        ("ticket_created", "bruno@a.example"),
    ]
    attachment = Attachment.objects.get(ticket=ticket)
    assert attachment.original_name == "log.txt"
    assert "log.txt" not in attachment.file.name  # stored under a generated name
    assert attachment.file.read() == b"error at line 1\n"


def test_planned_window_kept_only_for_planned(world):
    start, end = days_ahead(1), days_ahead(5)
    planned = open_ticket(world, priority=Priority.PLANNED, planned_start=start, planned_end=end)
    urgent = open_ticket(world, priority=Priority.P2, planned_start=start, planned_end=end)
    assert (planned.planned_start, planned.planned_end) == (start, end)
    assert (urgent.planned_start, urgent.planned_end) == (None, None)


@pytest.mark.parametrize(
    "case",
    ["foreign_service", "foreign_requester", "foreign_cc", "client_for_other"],
)
def test_refused_open_changes_nothing(world, case):
    kwargs = {}
    if case == "foreign_service":
        kwargs["service"] = world.service_b
    elif case == "foreign_cc":
        kwargs["participants"] = [world.client_b]
    from helpcenter.tickets import actions

    with pytest.raises(PermissionDenied):
        if case == "foreign_requester":
            actions.open_ticket(
                organization=world.org_a,
                requester=world.client_b,
                actor=world.client_b,
                type="incident",
                priority="P3",
                service=world.service_a,
                title="x",
                description="y",
            )
        elif case == "client_for_other":
            actions.open_ticket(
                organization=world.org_a,
                requester=world.client_a2,
                actor=world.client_a,
                type="incident",
                priority="P3",
                service=world.service_a,
                title="x",
                description="y",
            )
        else:
            open_ticket(world, **kwargs)
    assert Ticket.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_failure_inside_transaction_leaves_no_half_ticket(world, monkeypatch):
    from helpcenter.tickets import notify as emails

    def boom(ticket, **kwargs):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(emails, "ticket_created", boom)
    with pytest.raises(RuntimeError):
        open_ticket(world)
    assert Ticket.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    from helpcenter.notifications.models import OutboxMessage
    from helpcenter.slas.models import SlaClock

    assert SlaClock.objects.count() == 0 and OutboxMessage.objects.count() == 0


def test_a_creation_writes_each_row_once(world, django_assert_max_num_queries):
    """The ticket (with its next deadline), its event, its clocks and its e-mail: one
    INSERT each; the audit chain's head is the one row updated. The policy is read
    before the transaction: inside, nothing is read but the chain's head (SQLite; on
    PostgreSQL the append is one statement)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        ticket = open_ticket(world)
    writes = [q["sql"].split()[0:3] for q in captured if not q["sql"].startswith("SELECT")]
    inserts = [w for w in writes if w[0] == "INSERT"]
    changed = [w for w in writes if w[0] in ("UPDATE", "DELETE")]
    if connection.vendor == "postgresql":
        # The event is numbered, linked and inserted, and the head moved, by one
        # statement (audit/chain.py _APPEND_ONE).
        assert len(inserts) == 3, writes  # ticket, clocks (one statement), outbox
        assert [w for w in writes if w[0] == "WITH"] == [["WITH", "head", "AS"]]
        assert changed == []
    else:
        assert len(inserts) == 4, writes  # ticket, event, clocks (one statement), outbox
        assert changed == [["UPDATE", '"audit_audithead"', "SET"]]

    # The test's own transaction makes the action's a savepoint: its bounds are seen.
    sql = [q["sql"] for q in captured]
    begin = next(i for i, q in enumerate(sql) if q.startswith(("SAVEPOINT", "BEGIN")))
    end = next(i for i, q in enumerate(sql) if q.startswith(("RELEASE SAVEPOINT", "COMMIT")))
    reads = [q.split(" FROM ")[1].split()[0] for q in sql[begin:end] if q.startswith("SELECT")]
    # Webhook endpoints and the services with an active incident: per-process copies
    # read every 10 s (cold in each test).
    reads = [
        r for r in reads if r not in ('"webhooks_webhookendpoint"', '"incidents_incident_services"')
    ]
    assert reads == ([] if connection.vendor == "postgresql" else ['"audit_audithead"']), reads
    assert ticket.sla_next_due is not None and ticket.sla_clocks.count() == 3
