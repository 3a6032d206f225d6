"""The second walk-through's journeys in real Chromium: a language switch keeps what was
typed on the new-ticket form, and the survey link records its answer in one click."""

from __future__ import annotations

import pytest

from helpcenter.notifications.models import OutboxMessage
from helpcenter.satisfaction.models import Survey
from helpcenter.tickets import actions
from tests.helpers import open_ticket, signed_in_page

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _contract(default_contract):
    """Live-server tests flush the database between tests: the contract comes back."""


def _signed_in(browser, live_server, user, *, width=1280, height=900):
    return signed_in_page(browser, live_server, user, width=width, height=height)


def test_switching_language_keeps_what_was_typed(browser, live_server, world):
    context, page = _signed_in(browser, live_server, world.client_a)
    page.goto(f"{live_server.url}/tickets/new/")
    page.fill("#id_title", "Checkout fora do ar")
    page.fill("#id_description", "Erro 502 desde as 09:12.")
    page.check('input[name="priority"][value="P2"]')
    page.click('#language-switch button[value="en"]')
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.input_value("#id_title") == "Checkout fora do ar"
    assert page.input_value("#id_description") == "Erro 502 desde as 09:12."
    assert page.is_checked('input[name="priority"][value="P2"]')
    context.close()


def test_the_survey_link_records_the_answer_in_one_click(browser, live_server, world):
    ticket = open_ticket(world)
    actions.resolve_ticket(ticket, actor=world.agent)
    mail = OutboxMessage.objects.get(template="satisfaction_survey")
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/survey/{mail.context['token']}/?rating=good")
    page.wait_for_selector(".notice[role=status]")
    survey = Survey.objects.get()
    assert survey.rating == "good" and survey.answered_at is not None
    page.fill("#id_comment", "Rápido e claro")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    survey.refresh_from_db()
    assert survey.comment == "Rápido e claro"
    context.close()


def test_phone_intake_guides_the_agent(browser, live_server, world):
    context, page = _signed_in(browser, live_server, world.agent)
    page.goto(f"{live_server.url}/console/phone/")
    assert page.locator("#planned-window").is_hidden()
    services_before = page.locator("#id_service option").count()
    page.select_option("#id_requester", str(world.client_a.pk))
    page.wait_for_function(
        "n => document.querySelectorAll('#id_service option').length < n", arg=services_before
    )
    names = " ".join(page.locator("#id_service option").all_inner_texts())
    assert world.service_a.name in names and world.service_b.name not in names
    people = page.locator("#caller-parts input[name=participants]").count()
    assert people == 2  # Org A's other client users: Bruno and the client admin
    page.select_option("#id_priority", "P1")
    page.wait_for_selector("#promise-dues")
    assert "Primeira resposta" in page.inner_text("#promise")
    page.select_option("#id_priority", "planned")
    page.wait_for_function("() => !document.getElementById('planned-window').hidden")
    context.close()
