"""What real tickets carry, for the benches that read pages (issue 35).

`seed_histories` gives bulk-loaded tickets the history a real desk's tickets
have: 0-5 comments each (every third one an internal note by the agent), the
audit events the actions would have written (opening, each reply or note, CCs,
the resolution), three SLA clocks on every active ticket, a file on one ticket
in ten and a CC on one in five. The events are numbered after the chain's head
so that the actions run later append to it as usual; their hashes are not a
valid chain (no bench verifies it, `bench/audit.py` builds its own).

`live_history` runs a ticket through the real actions (triage, replies both
ways, internal notes, a CC, a file, a wait on the client), so the tickets whose
pages are measured have exactly what the actions write.
"""

from __future__ import annotations

from datetime import datetime, timedelta

BODY = (
    "Bom dia, seguem os detalhes do comportamento observado no portal: lentidão ao abrir "
    "os relatórios, erros intermitentes no login e tempo de resposta acima do normal.\n\n"
    "Ficamos no aguardo."
)


def seed_histories(ticket_ids: list[int], *, orgs, clients, ccs, agent, now: datetime) -> int:
    """History rows for `ticket_ids` (bulk-loaded in bench/web.py's pattern: i % 4 gives
    the status, i % 20 the organization); returns how many audit events were written."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from helpcenter.audit.models import AuditEvent, AuditHead
    from helpcenter.core.choices import ClockKind, ClockState
    from helpcenter.slas.models import SlaClock
    from helpcenter.tickets.models import Attachment, Comment, Ticket

    stored = default_storage.save("attachments/bench/log.txt", ContentFile(b"log\n" * 64))
    head = AuditHead.objects.get_or_create(pk=1)[0]
    seq = head.seq
    comments, events, clocks, files, cc_rows = [], [], [], [], []
    participants = Ticket.participants.through
    for n, pk in enumerate(ticket_ids):
        i = pk  # the bulk load numbers tickets from 1 in order
        k, status = i % 20, ("open", "in_progress", "resolved", "closed")[i % 4]
        opened = now - timedelta(minutes=len(ticket_ids) - n)
        org, client = orgs[k], clients[k]
        events.append((opened, "ticket.created", client, org, pk, True, {"priority": "P3"}))
        for c in range(i % 6):
            when = opened + timedelta(minutes=5 * (c + 1))
            internal = c % 3 == 2
            author = agent if internal or c % 2 == 0 else client
            comments.append(
                Comment(
                    ticket_id=pk, author=author, body=BODY, is_internal=internal, created_at=when
                )
            )
            kind = "ticket.note_added" if internal else "ticket.replied"
            events.append((when, kind, author, org, pk, not internal, {"comment": None}))
        if i % 5 == 0:
            cc_rows.append(participants(ticket_id=pk, user_id=ccs[k].pk))
            events.append(
                (opened, "ticket.participants_added", client, org, pk, True, {"added": [ccs[k].pk]})
            )
        if i % 10 == 0:
            files.append(
                Attachment(
                    ticket_id=pk,
                    storage_key=f"bench-{pk}",
                    file=stored,
                    original_name="log.txt",
                    content_type="text/plain",
                    size=256,
                    uploaded_by=client,
                    created_at=opened,
                )
            )
        if status in ("resolved", "closed"):
            events.append(
                (opened + timedelta(hours=2), "ticket.resolved", agent, org, pk, True, {})
            )
        else:
            for kind, hours in (
                (ClockKind.FIRST_RESPONSE, 1),
                (ClockKind.TRIAGE, 2),
                (ClockKind.RESOLUTION, 24),
            ):
                clocks.append(
                    SlaClock(
                        ticket_id=pk,
                        kind=kind,
                        target_seconds=hours * 3600,
                        due_at=opened + timedelta(hours=hours),
                        state=ClockState.RUNNING,
                    )
                )
    rows = []
    for when, kind, actor, org, pk, public, data in events:
        seq += 1
        rows.append(
            AuditEvent(
                created_at=when,
                type=kind,
                actor=actor,
                organization=org,
                ticket_id=pk,
                public=public,
                data=data,
                seq=seq,
                prev_hash="0" * 64,
                hash="0" * 64,
            )
        )
    Comment.objects.bulk_create(comments, batch_size=2000)
    AuditEvent.objects.bulk_create(rows, batch_size=2000)
    SlaClock.objects.bulk_create(clocks, batch_size=2000)
    Attachment.objects.bulk_create(files, batch_size=2000)
    participants.objects.bulk_create(cc_rows, batch_size=2000)
    AuditHead.objects.filter(pk=head.pk).update(seq=seq)
    return len(rows)


def live_history(ticket, *, client, cc, agent) -> None:
    """The actions a worked ticket goes through: triage, a CC, replies both ways with a
    file, internal notes, a wait on the client and the client's answer."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from helpcenter.tickets import actions

    actions.triage_ticket(
        ticket,
        ticket_type=ticket.type,
        priority=ticket.priority,
        service=ticket.service,
        assignee=agent,
        actor=agent,
    )
    actions.add_participants(ticket, people=[cc], actor=client)
    actions.add_reply(ticket, body=BODY, actor=agent)
    actions.add_internal_note(ticket, body="Verificando os logs do balanceador.", actor=agent)
    log = SimpleUploadedFile("erro.txt", b"erro 502\n" * 40, content_type="text/plain")
    actions.add_reply(ticket, body=BODY, actor=client, attachments=[log])
    actions.change_status(ticket, status="waiting_on_client", actor=agent)
    actions.add_reply(ticket, body=BODY, actor=client)
    actions.add_internal_note(ticket, body="Causa encontrada: certificado expirado.", actor=agent)
    actions.add_reply(ticket, body=BODY, actor=agent)
