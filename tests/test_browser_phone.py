"""Usable on a phone and by keyboard (390×844 in Chromium): no page wider than the
screen, rows as cards with the action in view, tap targets of 44 px, 16 px field text,
field borders at 3:1, a skip link, errors summarized and focused, "Erro:" in the title."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from helpcenter.oncall.models import Page, Rota
from tests.helpers import open_ticket, signed_in_page

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _contract(default_contract):
    """Live-server tests flush the database between tests: the contract comes back."""


def _page(browser, live_server, user, viewport=PHONE):
    return signed_in_page(
        browser, live_server, user, width=viewport["width"], height=viewport["height"]
    )


def _contrast(rgb_a: str, rgb_b: str) -> float:
    def lum(text):
        parts = [int(p) / 255 for p in text[text.index("(") + 1 : text.index(")")].split(",")[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted([lum(rgb_a), lum(rgb_b)], reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_lists_fit_a_phone_as_cards_with_the_action_in_view(browser, live_server, world):
    ticket = open_ticket(world, priority="P1", title="Checkout com erro 503 em todas as lojas")
    rota = Rota.objects.create(name="Plantão", anchor=timezone.now() - dt.timedelta(days=1))
    Page.objects.create(
        ticket=ticket,
        rota=rota,
        user=world.agent,
        level=0,
        created_at=timezone.now(),
        escalate_at=timezone.now() + dt.timedelta(minutes=15),
        token_hash="x",
    )
    for user, path in (
        (world.client_a, "/tickets/"),
        (world.agent, "/console/queue/all/"),
        (world.agent, "/oncall/"),
    ):
        context, page = _page(browser, live_server, user)
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (path, width)
        if path == "/oncall/":
            button = page.locator("td.action button").first.bounding_box()
            assert button is not None and button["x"] + button["width"] <= PHONE["width"]
        else:
            first = page.locator("table.cards tbody tr").first
            status = first.locator("td.state").bounding_box()
            opened = first.locator("td").last.bounding_box()
            assert status["y"] < opened["y"]  # status before the details
        context.close()


def test_tap_targets_field_text_and_borders(browser, live_server, world):
    context, page = _page(browser, live_server, world.client_a)
    page.goto(f"{live_server.url}/tickets/new/")
    small = page.evaluate(
        """() => [...document.querySelectorAll('main button, main select, main input[type=text], main .button, header a, header button')]
          .filter(e => e.offsetParent !== null)
          .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect().height])
          .filter(([, h]) => h < 44)"""
    )
    assert small == []
    title = page.locator("#id_title")
    assert title.evaluate("e => getComputedStyle(e).fontSize") == "16px"
    border = title.evaluate("e => getComputedStyle(e).borderTopColor")
    assert _contrast(border, "rgb(255, 255, 255)") >= 3.0
    context.close()


def test_skip_link_first_and_errors_summarized_and_focused(browser, live_server, world):
    context, page = _page(browser, live_server, world.client_a, {"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/tickets/new/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    page.click("#ticket-form button[type=submit]")
    page.wait_for_load_state("load")
    assert page.title().startswith("Erro:")
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    link = page.locator("#error-summary a[href='#id_title']")
    assert "Título" in link.inner_text()
    context.close()


def test_an_overdue_deadline_is_said_in_words(client, world):
    ticket = open_ticket(world)
    ticket.sla_next_due = timezone.now() - dt.timedelta(hours=1)
    ticket.save(update_fields=["sla_next_due"])
    client.force_login(world.agent)
    html = client.get("/console/queue/all/").content.decode()
    assert '<strong class="overdue">atrasado</strong>' in html


def test_the_hotline_is_a_tel_link(client, world):
    html = client.get("/accounts/login/").content.decode()
    assert 'href="tel:+551151941410"' in html
