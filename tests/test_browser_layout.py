"""Long unbroken text and wide tables never widen the page (real Chromium)."""

from __future__ import annotations

import pytest

from tests.helpers import open_ticket, signed_in_page

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _contract(default_contract):
    """Live-server tests flush the database between tests: the contract comes back."""


def _signed_in(browser, live_server, user, *, width=1280, height=900):
    return signed_in_page(browser, live_server, user, width=width, height=height)


def _page_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_a_5000_character_word_wraps_on_the_ticket_page(browser, live_server, world):
    ticket = open_ticket(world, title="T" * 200, description="x" * 5000)
    for user in (world.client_a, world.agent):
        context, page = _signed_in(browser, live_server, user)
        page.goto(f"{live_server.url}/tickets/{ticket.pk}/")
        assert _page_width(page) <= 1280 + 20
        context.close()


def test_long_titles_keep_status_and_deadline_in_view(browser, live_server, world):
    open_ticket(world, title="Título-sem-espaços-" * 10)
    for user, path in ((world.agent, "/console/queue/all/"), (world.client_a, "/tickets/")):
        context, page = _signed_in(browser, live_server, user)
        page.goto(f"{live_server.url}{path}")
        assert _page_width(page) <= 1280 + 20
        status = page.locator("table.tickets .status").first
        box = status.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280
        title_cell = page.locator("td.title").first
        assert title_cell.get_attribute("title").startswith("Título-sem-espaços-")
        number = page.locator("td.number .ticket-number").first.bounding_box()
        assert number is not None and number["height"] < 40  # one line
        context.close()


def test_the_sla_ledger_stays_inside_its_card_on_a_phone(browser, live_server, world):
    ticket = open_ticket(world)
    context, page = _signed_in(browser, live_server, world.client_a, width=390, height=844)
    page.goto(f"{live_server.url}/tickets/{ticket.pk}/")
    # The ledger is loaded on request (htmx puts it in place).
    page.locator(".ledger-link a").first.click()
    page.wait_for_selector("details.ledger .table-scroll")
    scroller = page.locator(".table-scroll").first
    if scroller.count():
        box = scroller.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390 + 1
    assert _page_width(page) <= 390 + 20
    context.close()
