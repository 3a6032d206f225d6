"""Subjects and text parts are plain text: no HTML entities, one line, length capped."""

from __future__ import annotations

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
