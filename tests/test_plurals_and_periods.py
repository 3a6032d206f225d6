"""Counts read as sentences in both languages (ngettext), and the SLA report's
default period names its last month."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from tests.helpers import open_ticket


def test_the_report_sentence_names_the_periods_last_month(client, world):
    client.force_login(world.manager)
    page = client.get(reverse("reports:sla")).content.decode()
    month = timezone.localdate().strftime("%m/%Y")
    assert f"até o fim de {month}." in page
    assert "até o fim de ." not in page


def test_one_ticket_changed_is_singular(client, world):
    ticket = open_ticket(world)
    client.force_login(world.agent)
    response = client.post(
        reverse("console:bulk"),
        {"ids": [ticket.pk], "action": "assign", "assignee": world.agent.pk},
        follow=True,
    )
    assert "1 ticket alterado." in response.content.decode()


def test_every_count_message_has_both_forms_in_portuguese():
    with translation.override("pt-br"):
        one = ngettext(
            "The statement was sent to %(n)s administrator of %(org)s.",
            "The statement was sent to %(n)s administrators of %(org)s.",
            1,
        ) % {"n": 1, "org": "Acme"}
        two = ngettext("%(count)s person added to CC.", "%(count)s people added to CC.", 2) % {
            "count": 2
        }
    assert one == "O extrato foi enviado a 1 administrador de Acme."
    assert two == "2 pessoas adicionadas em cópia."
