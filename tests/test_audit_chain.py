"""The audit trail is a hash chain the database will not let anyone change quietly.

Each kind of tampering (a changed field, a deleted event, two swapped events, a
cut-off tail) is done through raw SQL with the triggers lifted, as someone with
the database's keys would, and `audit_verify` must name the first broken event.
"""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from helpcenter.audit import chain, triggers
from helpcenter.audit.models import AuditCheckpoint, AuditEvent, AuditHead
from helpcenter.audit.origin import client_ip
from helpcenter.tickets import actions
from tests.helpers import open_ticket

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def trail(world):
    """A few tickets' worth of events: opened, replied, resolved."""
    for n in range(3):
        ticket = open_ticket(world, title=f"Chamado {n}")
        actions.add_reply(ticket, actor=world.agent, body=f"Resposta {n}")
        actions.resolve_ticket(ticket, actor=world.agent)
    assert AuditEvent.objects.count() >= 9
    return world


def tamper(sql: str, params=()) -> None:
    with triggers.lifted(connection), connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify_command(*expect: str) -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    args = [a for mark in expect for a in ("--expect", mark)]
    try:
        call_command("audit_verify", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), err.getvalue()
    return 0, out.getvalue()


def test_events_are_numbered_without_gaps_and_linked(trail):
    rows = list(AuditEvent.objects.order_by("seq").values_list("seq", "prev_hash", "hash"))
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0][1] == chain.GENESIS
    assert all(rows[i][1] == rows[i - 1][2] for i in range(1, len(rows)))
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (rows[-1][0], rows[-1][2])
    status, text = verify_command()
    assert status == 0 and f"ok: {len(rows)} events" in text


def test_the_database_links_an_event_exactly_as_python_does(world):
    """On PostgreSQL one event is numbered and hashed by the database in one statement
    (chain._append_one); the hash must be the one Python computes and verify trusts,
    whatever the text holds. Then two more in one batch (the Python path)."""
    from helpcenter.audit.events import EventType
    from helpcenter.audit.record import record_event, record_worker_events

    odd = 'Lentidão "total" \\ ☃ 𝄞 \n\t\u2028 <b>&amp;</b>'
    with transaction.atomic():
        event = record_event(
            EventType.TICKET_NOTE_ADDED,
            actor=world.agent,
            organization=world.org_a,
            data={"z": odd, "a": [1, 2.5, None, True], "ü": {"b": odd}},
            subject=f"accounts.user:{world.agent.pk}",
        )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.seq, stored.prev_hash, stored.hash) == (event.seq, event.prev_hash, event.hash)
    assert stored.hash == chain.link(stored.prev_hash, chain._values(stored))
    ticket = open_ticket(world, title=odd[:60])
    with transaction.atomic():
        record_worker_events(
            EventType.SLA_WARNING, [(ticket, {"x": odd}), (ticket, {})], public=False
        )
    status, text = verify_command()
    assert status == 0, text


@pytest.mark.parametrize("statement", ["UPDATE", "DELETE"])
def test_the_database_refuses_to_change_or_delete_an_event(trail, statement):
    assert triggers.installed(connection)
    sql = {
        "UPDATE": "UPDATE audit_auditevent SET type = 'ticket.closed' WHERE seq = 2",
        "DELETE": "DELETE FROM audit_auditevent WHERE seq = 2",
    }[statement]
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEvent.objects.filter(seq=2).exclude(type="ticket.closed").exists()


def test_a_changed_field_is_found(trail):
    tamper("UPDATE audit_auditevent SET data = %s WHERE seq = 4", ['{"after": {}}'])
    status, text = verify_command()
    assert status == 1
    assert "BROKEN at event 4: its content differs" in text


def test_a_changed_actor_is_found_even_with_the_hash_recomputed_for_that_row(trail):
    """Rewriting one event and its own hash breaks the next event's link."""
    event = AuditEvent.objects.get(seq=5)
    event.actor_id = trail.client_b.pk
    forged = chain.link(event.prev_hash, chain._values(event))
    tamper(
        "UPDATE audit_auditevent SET actor_id = %s, hash = %s WHERE seq = 5",
        [trail.client_b.pk, forged],
    )
    status, text = verify_command()
    assert status == 1 and "BROKEN at event 6: its link to the previous event differs" in text


def test_a_deleted_event_is_found(trail):
    tamper("DELETE FROM audit_auditevent WHERE seq = 3")
    status, text = verify_command()
    assert status == 1 and "BROKEN at event 3: event 3 is missing" in text


def test_two_swapped_events_are_found(trail):
    tamper("UPDATE audit_auditevent SET seq = -1 WHERE seq = 2")
    tamper("UPDATE audit_auditevent SET seq = 2 WHERE seq = 3")
    tamper("UPDATE audit_auditevent SET seq = 3 WHERE seq = -1")
    status, text = verify_command()
    assert status == 1 and "BROKEN at event 2" in text


def test_a_cut_off_tail_is_found_against_the_last_checkpoint(trail):
    mark = call_checkpoint()
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    # Whoever cuts the tail also rewinds the head row, so only the checkpoint tells.
    tamper("DELETE FROM audit_auditevent WHERE seq > %s", [last - 2])
    kept = AuditEvent.objects.get(seq=last - 2)
    AuditHead.objects.filter(pk=1).update(seq=kept.seq, hash=kept.hash)
    status, text = verify_command()
    assert status == 1
    assert f"BROKEN at event {last - 1}: the chain ends before checkpoint {last}" in text
    # A copy kept outside the database finds it even when the checkpoint rows go too.
    AuditCheckpoint.objects.all().delete()
    assert verify_command()[0] == 0
    status, text = verify_command(mark)
    assert status == 1 and f"BROKEN at event {last - 1}" in text


def call_checkpoint() -> str:
    out = StringIO()
    call_command("audit_checkpoint", "--no-mail", stdout=out)
    return out.getvalue().strip()


def test_the_checkpoint_is_printed_and_mailed_for_safekeeping(trail, settings):
    from helpcenter.notifications.models import OutboxMessage

    settings.AUDIT_CHECKPOINT_EMAIL = "auditoria@example.com"
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)
    head = AuditHead.objects.get(pk=1)
    assert out.getvalue().strip() == f"{head.seq}:{head.hash}"
    mail = OutboxMessage.objects.get(to="auditoria@example.com")
    assert f"audit_verify --expect {head.seq}:{head.hash}" in mail.context["text"]
    assert verify_command(f"{head.seq}:{head.hash}")[0] == 0


def test_the_worker_writes_one_checkpoint_a_day(trail):
    from django.utils import timezone

    from helpcenter.audit.actions import daily_checkpoint

    now = timezone.now()
    assert daily_checkpoint(now=now) == 1
    assert daily_checkpoint(now=now + timezone.timedelta(hours=23)) == 0
    assert daily_checkpoint(now=now + timezone.timedelta(hours=25)) == 1


def test_a_malformed_expected_head_is_a_clear_error(trail):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="SEQ:HASH"):
        call_command("audit_verify", "--expect", "12:abc")


def test_an_export_verifies_offline_with_the_documented_script(trail, tmp_path):
    from helpcenter.audit.export import jsonl_lines

    export = tmp_path / "trilha.jsonl"
    export.write_text("".join(jsonl_lines(AuditEvent.objects.all())), encoding="utf-8")
    script = ROOT / "scripts" / "verify_audit_export.py"
    ok = subprocess.run([sys.executable, str(script), str(export)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("ok:")
    lines = export.read_text(encoding="utf-8").splitlines()
    third = json.loads(lines[2])
    third["actor_ref"] = "forjado"
    lines[2] = json.dumps(third, ensure_ascii=False)
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bad = subprocess.run([sys.executable, str(script), str(export)], capture_output=True, text=True)
    assert bad.returncode == 1 and "event 3" in bad.stdout + bad.stderr


def test_the_client_address_is_believed_only_through_trusted_proxies():
    forged = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "10.9.9.9"}
    assert client_ip(forged, proxies=()) == "203.0.113.9"
    proxied = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.7"}
    assert client_ip(proxied, proxies=("127.0.0.1",)) == "198.51.100.7"
    two_hops = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7, 10.0.0.5"}
    assert client_ip(two_hops, proxies=("127.0.0.1", "10.0.0.0/8")) == "198.51.100.7"
    assert client_ip({"REMOTE_ADDR": "garbage"}, proxies=()) is None


def test_an_event_written_during_a_request_records_the_address(trail, client):
    ticket = open_ticket(trail)
    client.force_login(trail.client_a)
    response = client.post(
        f"/tickets/{ticket.pk}/reply/", {"body": "Ainda fora do ar"}, REMOTE_ADDR="192.0.2.44"
    )
    assert response.status_code in (200, 302)
    event = AuditEvent.objects.filter(ticket=ticket).order_by("-seq").first()
    assert event is not None and event.type == "ticket.replied" and event.ip == "192.0.2.44"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("cut", ["middle", "range_end", "none"])
def test_the_parallel_verification_agrees_with_the_single_one(
    default_contract, trail, monkeypatch, cut
):
    """Ranges verified by separate processes, stitched: same verdicts as one walk."""
    from helpcenter.audit import verify as verifying

    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:"):
        pytest.skip("the in-memory test database is not visible to other processes")
    top = AuditEvent.objects.count()
    monkeypatch.setattr(verifying, "PARALLEL_FROM", 1)
    if cut == "middle":
        tamper("UPDATE audit_auditevent SET actor_ref = 'x' WHERE seq = %s", [top - 1])
    elif cut == "range_end":
        size = -(-top // 2)
        tamper("DELETE FROM audit_auditevent WHERE seq = %s", [size])
    single = verifying.verify(jobs=1)
    assert single.ok == (cut == "none")
    assert verifying.verify(jobs=2).broken_at == single.broken_at
