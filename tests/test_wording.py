"""Language and wording a walk-through noticed: the switch in the header for everyone,
the confirmation in the language just chosen, lower-case month names, friendly time
zones, translated policy names, a 24x7 ledger that says 24x7, a history that says what
changed, the on-call levels in words."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import formats, translation

from helpcenter.core.time_zones import zone_choices
from helpcenter.tickets import actions
from tests.helpers import open_ticket


def test_the_language_switch_is_in_the_header_for_everyone_and_names_each_language_in_itself(
    client, world
):
    html = client.get(reverse("account_login")).content.decode()
    assert 'id="language-switch"' in html and ">English<" in html and "Inglês" not in html
    client.force_login(world.client_a)
    html = client.get(reverse("portal:ticket_list")).content.decode()
    assert 'id="language-switch"' in html and ">Português (Brasil)<" in html


def test_switching_language_when_signed_in_is_saved_and_holds(client, world):
    client.force_login(world.client_a)
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "/tickets/"}
    )
    assert response.status_code == 302 and response["Location"] == "/tickets/"
    world.client_a.refresh_from_db()
    assert world.client_a.language == "en"
    assert "My tickets" in client.get("/tickets/").content.decode()


def test_the_switch_never_redirects_elsewhere(client, world):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_preferences_confirm_in_the_language_just_chosen(client, world):
    client.force_login(world.client_a)
    response = client.post(
        reverse("accounts:preferences"),
        {"full_name": "Ana", "phone": "", "language": "en", "time_zone": "America/Sao_Paulo"},
        follow=True,
    )
    assert "Preferences saved." in response.content.decode()


def test_portuguese_month_and_weekday_names_are_lower_case():
    with translation.override("pt-br"):
        assert formats.date_format(dt.date(2026, 11, 25), "j \\d\\e F") == "25 de novembro"
        assert formats.date_format(dt.date(2026, 11, 30), "D") == "seg"


def test_time_zones_have_friendly_names_and_no_aliases():
    choices = dict(zone_choices(at=dt.datetime(2026, 11, 26, tzinfo=dt.UTC)))
    assert choices["America/Sao_Paulo"].startswith("(UTC−03:00) Brasília, São Paulo")
    assert "Brazil/East" not in choices and "Etc/GMT+3" not in choices
    assert "America/Manaus" in choices and "UTC" in choices
    # A zone saved before stays selectable.
    assert "Pacific/Chatham" in dict(zone_choices("Pacific/Chatham"))


def test_policy_names_are_translated_and_a_24x7_ledger_says_24x7(client, world):
    ticket = open_ticket(world, priority="P1")
    world.client_a.language = "en"
    world.client_a.save()
    client.force_login(world.client_a)
    url = reverse("portal:ticket_detail", args=[ticket.pk]) + "?ledger=summary"
    html = client.get(url).content.decode()
    assert "Standard contract · P1 – Critical · 24x7" in html
    assert "Counting (24x7)" in html and "working hours" not in html


def test_the_history_says_what_changed_and_skips_changes_to_the_same_value(client, world):
    ticket = open_ticket(world)
    actions.assign_ticket(ticket, assignee=world.agent, actor=world.agent)
    actions.assign_ticket(ticket, assignee=world.agent, actor=world.agent)  # same: no entry
    actions.assign_ticket(ticket, assignee=world.manager, actor=world.agent)
    client.force_login(world.agent)
    html = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    history = html[html.index('id="history"') :]
    assert history.count("Alice Agent → Maria Manager") == 1
    assert history.count("Atribuído") == 2


def test_on_call_steps_read_as_a_person_would_say_them(client, world):
    from helpcenter.oncall.models import Page, Rota

    ticket = open_ticket(world, priority="P1")
    rota = Rota.objects.create(name="Plantão", anchor=dt.datetime(2026, 11, 2, tzinfo=dt.UTC))
    now = dt.datetime(2026, 11, 21, 6, tzinfo=dt.UTC)
    for level in (0, 1):
        Page.objects.create(
            ticket=ticket,
            rota=rota,
            user=world.agent,
            level=level,
            created_at=now,
            escalate_at=now,
            token_hash=f"h{level}",
        )
    client.force_login(world.agent)
    html = client.get(reverse("oncall:index")).content.decode()
    assert "Nível" not in html
    assert "Primeiro acionamento, para quem está de plantão" in html
    assert "Escalado: pessoa 2 da escala" in html


def test_the_optional_cc_box_has_no_required_asterisk(client, world):
    ticket = open_ticket(world)
    client.force_login(world.client_a)
    html = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    field = html[html.index('id="field-people"') :]
    field = field[: field.index("</div>")]
    assert 'class="req"' not in field
    response = client.post(reverse("portal:ticket_participants", args=[ticket.pk]), {})
    assert (
        response.status_code == 400 and "Escolha ao menos uma pessoa" in response.content.decode()
    )
