"""SLA notices people can live with: only those who must act, one digest per few minutes
for routine targets (P1/P2 at once), notices each person can turn off, and a set-based
sweep that handles a burst exactly once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from helpcenter.notifications.delivery import deliver_due
from helpcenter.notifications.digests import flush_digests
from helpcenter.notifications.models import DigestItem, OutboxMessage
from helpcenter.oncall.models import Rota, RotaMember
from helpcenter.slas import jobs
from helpcenter.slas.models import SlaClock
from helpcenter.tickets import actions
from tests.conftest import make_user
from tests.helpers import open_ticket

MONDAY_10 = dt.datetime.fromisoformat("2026-11-23T10:00:00-03:00")


@pytest.fixture
def monday():
    with time_machine.travel(MONDAY_10, tick=False) as traveller:
        yield traveller


def _assign(world, ticket, agent=None):
    actions.triage_ticket(
        ticket,
        ticket_type="incident",
        priority=ticket.priority,
        service=world.service_a,
        assignee=agent or world.agent,
        actor=world.agent,
    )


def test_a_warning_on_an_unassigned_ticket_goes_to_the_person_on_call(world, monday):
    others = [make_user(f"a{i}@support.example", "agent") for i in range(5)]
    rota = Rota.objects.create(name="Plantão", anchor=MONDAY_10 - dt.timedelta(hours=2))
    RotaMember.objects.create(rota=rota, user=others[0], position=0)
    open_ticket(world, priority="P1")
    jobs.run(now=MONDAY_10 + dt.timedelta(minutes=46))
    assert [m.to for m in OutboxMessage.objects.filter(template="sla_warning")] == [
        "a0@support.example"
    ]


def test_a_warning_goes_to_the_triage_address_when_set(world, monday, settings):
    settings.SUPPORT_TRIAGE_EMAIL = "triagem@support.example"
    open_ticket(world, priority="P1")
    jobs.run(now=MONDAY_10 + dt.timedelta(minutes=46))
    assert [m.to for m in OutboxMessage.objects.filter(template="sla_warning")] == [
        "triagem@support.example"
    ]


def test_routine_notices_wait_for_one_digest_and_urgent_ones_do_not(
    world, monday, settings, mailoutbox
):
    settings.NOTICE_DIGEST_MINUTES = 5
    routine = [open_ticket(world, priority="P3", title=f"Rotina {i}") for i in range(3)]
    urgent = open_ticket(world, priority="P1", title="Fora do ar")
    for ticket in [*routine, urgent]:
        _assign(world, ticket)
    OutboxMessage.objects.all().delete()
    now = MONDAY_10 + dt.timedelta(minutes=50)
    jobs.run(now=now)
    # P1 at once; the three P3 first-response warnings are held for the digest.
    assert [m.context["facts"]["title"] for m in OutboxMessage.objects.all()] == ["Fora do ar"]
    assert DigestItem.objects.count() == 3
    assert flush_digests(now=now + dt.timedelta(minutes=1)) == 0  # the window is not over
    assert flush_digests(now=now + dt.timedelta(minutes=5)) == 1
    digest = OutboxMessage.objects.get(template="sla_digest")
    assert digest.to == "agent@support.example" and len(digest.context["items"]) == 3
    assert DigestItem.objects.count() == 0
    assert flush_digests(now=now + dt.timedelta(minutes=10)) == 0  # sent once
    deliver_due(now=now + dt.timedelta(minutes=6))
    digest.refresh_from_db()
    assert digest.status == "sent"
    (mail,) = [m for m in mailoutbox if "precisam de atenção" in m.subject]
    assert mail.subject == "SLA: 3 tickets precisam de atenção"
    for ticket in routine:
        assert ticket.number in mail.body and f"/tickets/{ticket.pk}/" in mail.body


def test_a_digest_of_one_is_the_ordinary_e_mail(world, monday):
    ticket = open_ticket(world, priority="P4")
    _assign(world, ticket)
    OutboxMessage.objects.all().delete()
    now = MONDAY_10 + dt.timedelta(minutes=50)
    jobs.run(now=now)
    flush_digests(now=now + dt.timedelta(minutes=5))
    assert list(OutboxMessage.objects.values_list("template", flat=True)) == ["sla_warning"]


def test_a_person_can_turn_a_notice_off_in_preferences(client, world, monday):
    client.force_login(world.agent)
    html = client.get(reverse("accounts:preferences")).content.decode()
    assert 'name="notices"' in html
    data = {
        "full_name": "Alice Agent",
        "phone": "",
        "language": "pt-br",
        "time_zone": "America/Sao_Paulo",
        "notices": ["sla_breached", "reply_added"],  # all but the warning
    }
    assert client.post(reverse("accounts:preferences"), data).status_code == 302
    world.agent.refresh_from_db()
    assert "sla_warning" in world.agent.muted_notices
    ticket = open_ticket(world, priority="P1")
    _assign(world, ticket)
    jobs.run(now=MONDAY_10 + dt.timedelta(minutes=46))
    assert not OutboxMessage.objects.filter(template="sla_warning").exists()


def test_a_burst_is_handled_in_batches_exactly_once(world, monday):
    """More due clocks than one batch: every warning once, none twice, however many passes."""
    tickets = [open_ticket(world, priority="P4", title=f"T{i}") for i in range(12)]
    SlaClock.objects.filter(ticket__in=tickets).update(warn_at=MONDAY_10 - dt.timedelta(minutes=1))
    jobs.BATCH, saved = 5, jobs.BATCH
    try:
        passes = []
        while True:
            n = jobs.send_warnings(now=MONDAY_10)
            if not n:
                break
            passes.append(n)
    finally:
        jobs.BATCH = saved
    due = SlaClock.objects.filter(ticket__in=tickets, warn_at__isnull=False).count()
    assert sum(passes) == due and max(passes) == 5
    assert SlaClock.objects.filter(ticket__in=tickets, warned_at__isnull=True).count() == 0
    keys = list(DigestItem.objects.values_list("dedupe_key", flat=True))
    assert len(keys) == len(set(keys)) == due  # one notice per clock (to the lead)


def test_every_recipient_gets_a_digest_whatever_their_share_of_the_items(world):
    from helpcenter.notifications.outbox import Mail, hold_for_digest

    then = MONDAY_10 - dt.timedelta(hours=1)
    mails = [Mail("sla_warning", "a@x.example", f"k{i}", {}) for i in range(3)]
    hold_for_digest("sla_digest", [*mails, Mail("sla_warning", "b@x.example", "kb", {})], now=then)
    assert flush_digests(now=MONDAY_10, batch=2) == 2
    assert sorted(OutboxMessage.objects.values_list("to", flat=True)) == [
        "a@x.example",
        "b@x.example",
    ]
