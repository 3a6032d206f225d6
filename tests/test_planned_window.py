"""One rule for planned work's window, in the action, shown with the same words on every form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from helpcenter.tickets.models import Ticket
from helpcenter.tickets.windows import WindowRefused, check_planned_window
from tests.helpers import open_ticket

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        (None, TODAY, "start", "start date"),
        (TODAY, None, "end", "end date"),
        (TODAY, TODAY - dt.timedelta(days=1), "end", "before its start"),
        (TODAY - dt.timedelta(days=10), TODAY, "start", "in the past"),
        (TODAY, dt.date(9999, 12, 31), "end", "out of range"),
    ],
)
def test_the_rule(start, end, field, words):
    from django.utils import translation

    with translation.override("en"), pytest.raises(WindowRefused, match=words) as refused:
        check_planned_window("planned", start, end, today=TODAY)
    assert refused.value.field == field


def test_accepted_windows_and_other_priorities():
    check_planned_window("planned", TODAY, TODAY, today=TODAY)
    check_planned_window("planned", TODAY - dt.timedelta(days=1), TODAY, today=TODAY)  # clock skew
    check_planned_window("P3", None, None, today=TODAY)


def test_the_action_refuses_a_planned_ticket_without_a_window(world):
    with pytest.raises(WindowRefused):
        open_ticket(world, priority="planned")
    assert Ticket.objects.count() == 0


def test_client_form_refuses_a_window_in_the_past(client, world):
    client.force_login(world.client_a)
    past = timezone.localdate() - dt.timedelta(days=30)
    response = client.post(
        reverse("portal:ticket_new"),
        {
            "type": "request",
            "priority": "planned",
            "service": world.service_a.pk,
            "title": "Nova API",
            "description": "Projeto novo",
            "planned_start": past.isoformat(),
            "planned_end": (past + dt.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 200 and Ticket.objects.count() == 0
    assert "A janela não pode começar no passado." in response.content.decode()


def test_phone_intake_refuses_planned_without_a_window_with_the_same_words(client, world):
    client.force_login(world.agent)
    data = {
        "requester": world.client_a.pk,
        "type": "request",
        "priority": "planned",
        "service": world.service_a.pk,
        "title": "Projeto por telefone",
        "description": "Cliente ligou",
    }
    response = client.post(reverse("console:phone_intake"), data)
    assert response.status_code == 400 and Ticket.objects.count() == 0
    assert "Um ticket planejado precisa da data de início desejada." in response.content.decode()
    today = timezone.localdate()
    data.update(
        planned_start=today.isoformat(), planned_end=(today + dt.timedelta(days=9)).isoformat()
    )
    assert client.post(reverse("console:phone_intake"), data).status_code == 302
    ticket = Ticket.objects.get()
    assert (ticket.planned_start, ticket.channel) == (today, "phone")
