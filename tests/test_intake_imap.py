"""Polling a real IMAP mailbox (Dovecot on loopback) over TLS and STARTTLS: a message
is marked or moved only after its ticket is committed; a crash loses nothing and
duplicates nothing."""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

from helpcenter.intake import imap
from helpcenter.intake.models import InboundMessage
from helpcenter.tickets.models import Comment, Ticket
from tests.dovecot import PASSWORD, USER, start_dovecot
from tests.helpers import open_ticket
from tests.intake_helpers import corpus, thread_of


@pytest.fixture(scope="module")
def dovecot():
    # Not under pytest's private (0700) temporary directory: Dovecot's auth and mail
    # processes run as its own users and must read the password file and mailboxes.
    root = Path(tempfile.mkdtemp(prefix="helpcenter-dovecot-"))
    root.chmod(0o755)
    try:
        yield from start_dovecot(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def mailbox(dovecot, settings):
    settings.INBOUND_IMAP_HOST = "127.0.0.1"
    settings.INBOUND_IMAP_PORT = dovecot.tls_port
    settings.INBOUND_IMAP_SECURITY = "ssl"
    settings.INBOUND_IMAP_USER = USER
    settings.INBOUND_IMAP_PASSWORD = PASSWORD
    settings.INBOUND_IMAP_CA_FILE = dovecot.ca_file
    settings.INBOUND_IMAP_DONE_FOLDER = ""
    client = dovecot.client()  # an empty inbox for each test
    client.select("INBOX")
    client.uid("STORE", "1:*", "+FLAGS.SILENT", r"(\Deleted)")
    client.expunge()
    client.logout()
    return dovecot


def test_fetch_mail_over_tls_opens_tickets_and_marks_them_seen(world, mailbox):
    ticket = open_ticket(world)
    mailbox.deliver(
        corpus("01_gmail_new_plain.eml"),
        corpus("20_gmail_reply_pt_quoted.eml", **thread_of(ticket)),
        corpus("30_out_of_office.eml"),
    )
    out = io.StringIO()
    call_command("fetch_mail", stdout=out)
    assert out.getvalue().strip() == "fetched 3: automatic 1, reply 1, ticket 1"
    assert Ticket.objects.filter(channel="email").count() == 1
    assert Comment.objects.filter(ticket=ticket).count() == 1
    assert mailbox.unseen() == 0
    call_command("fetch_mail", stdout=(again := io.StringIO()))
    assert again.getvalue().strip() == "fetched 0: nothing new"


def test_starttls_and_moving_handled_mail_to_a_folder(world, mailbox, settings):
    settings.INBOUND_IMAP_PORT = mailbox.plain_port
    settings.INBOUND_IMAP_SECURITY = "starttls"
    settings.INBOUND_IMAP_DONE_FOLDER = "Handled"
    client = mailbox.client()
    client.create("Handled")
    client.logout()
    before = mailbox.count("Handled")
    mailbox.deliver(corpus("03_apple_mail_new_with_pdf.eml"))
    poll = imap.fetch_mail()
    assert poll.outcomes == {"ticket": 1}
    assert mailbox.count("INBOX") == 0 and mailbox.count("Handled") == before + 1


def test_a_crash_before_marking_loses_nothing_and_duplicates_nothing(world, mailbox, monkeypatch):
    mailbox.deliver(corpus("05_iso8859_subject_and_body.eml"))

    def crash(client, uid, box):
        raise ConnectionResetError("the worker died after the commit")

    monkeypatch.setattr(imap, "_done", crash)
    with pytest.raises(ConnectionResetError):
        imap.fetch_mail()
    assert Ticket.objects.count() == 1 and mailbox.unseen() == 1  # committed, still unread
    monkeypatch.undo()
    poll = imap.fetch_mail()
    assert poll.outcomes == {"duplicate": 1}
    assert Ticket.objects.count() == 1 and InboundMessage.objects.count() == 1
    assert mailbox.unseen() == 0


def test_a_message_whose_intake_fails_stays_for_the_next_poll(world, mailbox, monkeypatch):
    mailbox.deliver(corpus("01_gmail_new_plain.eml"), corpus("09_forwarded_inline.eml"))
    real = imap.receive

    def database_away_once(raw):
        if b"gmail01" in raw:
            raise RuntimeError("database away")
        return real(raw)

    monkeypatch.setattr(imap, "receive", database_away_once)
    poll = imap.fetch_mail()
    assert (poll.failed, poll.outcomes) == (1, {"ticket": 1})
    assert mailbox.unseen() == 1
    monkeypatch.setattr(imap, "receive", real)
    assert imap.fetch_mail().outcomes == {"ticket": 1}
    assert Ticket.objects.count() == 2


def test_a_wrong_password_is_a_clear_error_not_a_crash(world, mailbox, settings):
    from django.core.management.base import CommandError

    settings.INBOUND_IMAP_PASSWORD = "wrong"
    with pytest.raises(CommandError, match="IMAP poll of 127.0.0.1 failed"):
        call_command("fetch_mail")
    assert imap.fetch_job() == 0  # the worker logs it and goes on


def test_a_missing_done_folder_is_created_and_copies_there_are_seen(world, mailbox, settings):
    folder = "Tratados-" + str(world.org_a.pk) + "x"
    settings.INBOUND_IMAP_DONE_FOLDER = folder
    mailbox.deliver(corpus("01_gmail_new_plain.eml"), corpus("09_forwarded_inline.eml"))
    poll = imap.fetch_mail()
    assert poll.outcomes == {"ticket": 2} and poll.failed == 0
    assert mailbox.count("INBOX") == 0 and mailbox.count(folder) == 2
    assert mailbox.unseen(folder) == 0


def test_a_done_folder_that_cannot_be_made_is_reported_once_and_mail_goes_on(
    world, mailbox, settings, caplog
):
    settings.INBOUND_IMAP_DONE_FOLDER = "~Tratados"  # Dovecot refuses a name starting "~"
    mailbox.deliver(corpus("01_gmail_new_plain.eml"), corpus("09_forwarded_inline.eml"))
    try:
        poll = imap.fetch_mail()
        assert poll.outcomes == {"ticket": 2} and poll.failed == 0
        assert mailbox.unseen() == 0 and mailbox.count("INBOX") == 2
        reports = [r for r in caplog.records if "cannot take messages" in r.getMessage()]
        assert len(reports) == 1
        assert imap.fetch_mail().fetched == 0  # seen where they are: not taken again
    finally:
        imap._unusable.clear()
