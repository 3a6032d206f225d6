"""What the walk-through found in the e-mails: the triage due time, the hotline address
in the text part, whose ticket a CC'd colleague hears of, who invited and in which
time zone a link expires, and the sender's name in the reader's language."""

from __future__ import annotations

from helpcenter.accounts.actions import invite_user
from helpcenter.accounts.models import Role
from helpcenter.notifications.delivery import deliver_due
from tests.helpers import open_ticket


def _to(mailoutbox, address, subject_part=""):
    found = [m for m in mailoutbox if m.to == [address] and subject_part in m.subject]
    assert found, [(m.to, m.subject) for m in mailoutbox]
    return found[-1]


def test_the_confirmation_gives_every_promised_time_and_the_hotline(world, settings, mailoutbox):
    open_ticket(world)
    deliver_due()
    mail = _to(mailoutbox, "ana@a.example", "Ticket recebido")
    for label in ("Primeira resposta", "Avaliação e triagem", "Resolução"):
        assert label in mail.body, label
    assert settings.SUPPORT_HOTLINE_EMAIL in mail.body
    assert "Recebemos seu ticket" in mail.body


def test_a_colleague_in_copy_hears_whose_ticket_it_is(world, mailoutbox):
    open_ticket(world, participants=[world.client_a2])
    deliver_due()
    mail = _to(mailoutbox, "bruno@a.example")
    assert "Ana A" in mail.body and "cópia" in mail.body
    assert "Recebemos seu ticket" not in mail.body


def test_the_invitation_says_who_invited_and_the_time_zone_of_its_expiry(world, mailoutbox):
    invite_user(
        email="nova@a.example",
        full_name="Nova Pessoa",
        organization=world.org_a,
        role=Role.CLIENT,
        actor=world.manager,
    )
    deliver_due()
    mail = _to(mailoutbox, "nova@a.example")
    assert world.manager.display_name in mail.body
    assert "(America/Sao_Paulo)" in mail.body


def test_the_senders_name_is_in_the_readers_language(world, mailoutbox, settings):
    settings.DEFAULT_FROM_EMAIL = "Central de Ajuda <suporte@localhost>"
    world.client_a.language = "en"
    world.client_a.save()
    open_ticket(world)
    deliver_due()
    assert _to(mailoutbox, "ana@a.example").from_email == "Help Center <suporte@localhost>"
    world.client_a.language = "pt-br"
    world.client_a.save()
    mailoutbox.clear()
    open_ticket(world)
    deliver_due()
    assert _to(mailoutbox, "ana@a.example").from_email == "Central de Ajuda <suporte@localhost>"
    settings.DEFAULT_FROM_EMAIL = "Suporte Acme <help@acme.example>"  # the operator's own
    mailoutbox.clear()
    open_ticket(world)
    deliver_due()
    assert _to(mailoutbox, "ana@a.example").from_email == "Suporte Acme <help@acme.example>"
