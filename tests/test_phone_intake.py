"""Phone intake matches the hotline: the call's time starts the SLA, files and CCs come
along, and the agent who took the call counts as having acknowledged it."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from helpcenter.audit.models import AuditEvent as Event
from helpcenter.notifications.models import OutboxMessage
from helpcenter.oncall.models import Page, Rota, RotaMember
from helpcenter.tickets.models import Attachment, StagedUpload, Ticket
from tests.conftest import make_user

SATURDAY_3AM = dt.datetime.fromisoformat("2026-11-21T03:00:00-03:00")


def _form(world, **extra):
    data = {
        "requester": world.client_a.pk,
        "type": "incident",
        "priority": "P1",
        "service": world.service_a.pk,
        "title": "Site fora do ar (telefone)",
        "description": "Cliente ligou: erro 500 em tudo.",
    }
    data.update(extra)
    return data


def test_call_time_starts_the_sla_and_files_and_cc_come_along(client, world):
    client.force_login(world.agent)
    with time_machine.travel(SATURDAY_3AM, tick=False):
        response = client.post(
            reverse("console:phone_intake"),
            _form(
                world,
                received_at="2026-11-21T02:40",
                participants=[world.client_a2.pk],
                attachments=[SimpleUploadedFile("log.txt", b"500 500 500", "text/plain")],
            ),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    ticket = Ticket.objects.get()
    called = dt.datetime.fromisoformat("2026-11-21T02:40:00-03:00")
    assert ticket.created_at == called
    first = ticket.sla_clocks.get(kind="first_response")
    assert first.due_at == called + dt.timedelta(hours=1)  # P1 is 24x7: 1 h from the call
    assert list(ticket.participants.all()) == [world.client_a2]
    assert Attachment.objects.get(ticket=ticket).original_name == "log.txt"
    event = ticket.events.get(type="ticket.created")
    assert dt.datetime.fromisoformat(event.data["after"]["received_at"]) == called


def test_a_call_in_the_future_or_a_cc_from_another_org_is_refused(client, world):
    client.force_login(world.agent)
    with time_machine.travel(SATURDAY_3AM, tick=False):
        future = client.post(
            reverse("console:phone_intake"), _form(world, received_at="2026-11-21T04:00")
        )
        other = client.post(
            reverse("console:phone_intake"), _form(world, participants=[world.client_b.pk])
        )
    assert future.status_code == 400 and other.status_code == 400
    assert "futuro" in future.content.decode()
    assert "organização" in other.content.decode()
    assert Ticket.objects.count() == 0


def test_files_of_a_failed_submit_are_kept(client, world):
    client.force_login(world.agent)
    response = client.post(
        reverse("console:phone_intake"),
        _form(world, title="", attachments=[SimpleUploadedFile("a.txt", b"x", "text/plain")]),
    )
    assert response.status_code == 400
    staged = StagedUpload.objects.get(owner=world.agent)
    assert 'name="staged"' in response.content.decode()
    response = client.post(reverse("console:phone_intake"), _form(world, staged=[staged.pk]))
    assert response.status_code == 302
    assert Attachment.objects.get().original_name == "a.txt"


def test_the_agent_who_took_the_call_is_not_paged_and_nobody_else_is(client, world):
    second = make_user("bruno@support.example", "agent", name="Bruno")
    rota = Rota.objects.create(
        name="Plantão",
        anchor=dt.datetime.fromisoformat("2026-11-02T08:00:00-03:00"),
        shift_days=7,
        escalate_after_minutes=15,
    )
    for position, user in enumerate([second, world.agent]):
        RotaMember.objects.create(rota=rota, user=user, position=position)
    client.force_login(world.agent)
    with time_machine.travel(SATURDAY_3AM, tick=False):
        assert client.post(reverse("console:phone_intake"), _form(world)).status_code == 302
    assert Page.objects.count() == 0
    assert not OutboxMessage.objects.filter(template="page").exists()
    ack = Event.objects.get(type="oncall.acknowledged")
    assert ack.actor == world.agent and ack.data["taken_by_phone"] is True
