"""Subjects and text parts are plain text: no HTML entities, one line, length capped."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from helpcenter.notifications.delivery import SUBJECT_MAX, deliver_due, plain_subject
from tests.helpers import open_ticket

TITLE = 'Relatório P&D "mensal" do cliente O\'Brien <urgente>'


def test_subject_and_text_show_the_title_as_written_and_the_html_escapes_it(world, mailoutbox):
    open_ticket(world, title=TITLE)
    deliver_due()
    (message,) = [m for m in mailoutbox if m.to == ["ana@a.example"]]
    assert TITLE in message.subject and "&amp;" not in message.subject
    assert TITLE in message.body and "&#x27;" not in message.body
    html = message.alternatives[0][0]
    assert "P&amp;D &quot;mensal&quot;" in html and "&lt;urgente&gt;" in html
    assert "<urgente>" not in html


def test_subject_is_one_line_and_capped():
    assert plain_subject("a\r\nBcc: x@evil.example\n b") == "a Bcc: x@evil.example b"
    long = plain_subject("x" * 500)
    assert len(long) == SUBJECT_MAX and long.endswith("…")
    assert plain_subject("tab\there\x00") == "tab here"


# A Saturday: P3's first response waits for Monday, P1's is due within the hour. (On a
# weekday at 08:00 in São Paulo both fall due at 09:00, and the test could not tell.)
SATURDAY = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)


@time_machine.travel(SATURDAY, tick=False)
def test_mail_reports_the_facts_of_the_moment_it_was_queued(world, mailoutbox):
    """A backed-up worker must not send facts that were not true at the event (#6)."""
    from helpcenter.tickets.actions import triage_ticket

    ticket = open_ticket(world, priority="P3")
    first_due = {c.kind: c.due_at for c in ticket.sla_clocks.all()}
    triage_ticket(
        ticket,
        ticket_type="incident",
        priority="P1",
        service=world.service_a,
        assignee=world.agent,
        actor=world.agent,
        reason="service down",
    )
    ticket.refresh_from_db()
    assert ticket.status != "open"
    later_due = {c.kind: c.due_at for c in ticket.sla_clocks.all()}
    assert later_due["first_response"] != first_due["first_response"]
    deliver_due()
    (message,) = [m for m in mailoutbox if m.to == ["ana@a.example"] and "P3" in m.body]
    assert "Aberto" in message.body  # the status when it was queued
    assert "P1 –" not in message.body  # the priority as queued, not as triaged
    from django.utils import formats, timezone

    with timezone.override("America/Sao_Paulo"):
        shown = formats.date_format(
            timezone.localtime(first_due["first_response"]), "DATETIME_FORMAT"
        )
    assert shown in message.body
