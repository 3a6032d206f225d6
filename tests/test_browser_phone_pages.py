"""Every main page fits a 390-px phone: agent pages and reports included (the on-call
agent at night reads the ticket on a phone); tap targets reach 44 px; the header does
not eat the screen; "Mais ações" closes with Escape and gives focus back."""

from __future__ import annotations

import pytest

from helpcenter.tickets import actions
from tests.helpers import open_ticket, signed_in_page

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _contract(default_contract):
    """Live-server tests flush the database between tests: the contract comes back."""


def _page(browser, live_server, user):
    return signed_in_page(browser, live_server, user, width=PHONE["width"], height=PHONE["height"])


def _ticket(world):
    ticket = open_ticket(
        world,
        title="Checkout com erro 503 em todas as lojas desde a madrugada",
        description="Log: " + "GET /api/v1/payments/authorize?id=8f3a2c " * 20 + "x" * 300,
    )
    ticket = actions.triage_ticket(
        ticket,
        ticket_type=ticket.type,
        priority="P2",
        service=ticket.service,
        assignee=world.agent,
        actor=world.agent,
        reason="Lojas paradas",
    )
    actions.add_reply(ticket, body="Estamos verificando o balanceador.", actor=world.agent)
    return ticket


def _wide(page, live_server, path) -> int:
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state()
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_no_main_page_is_wider_than_a_phone(browser, live_server, world):
    ticket = _ticket(world)
    pages = {
        world.client_a: [
            "/tickets/",
            f"/tickets/{ticket.pk}/",
            "/tickets/new/",
            "/accounts/preferences/",
            "/accounts/api-tokens/",
        ],
        world.agent: [
            "/console/queue/all/",
            f"/tickets/{ticket.pk}/",
            "/console/phone/",
            "/oncall/",
            "/reports/sla/",
            "/reports/statements/",
            "/reports/backtest/",
        ],
        world.admin: ["/console/audit/"],
        world.client_admin_a: [f"/accounts/organizations/{world.org_a.pk}/people/"],
    }
    too_wide = []
    for user, paths in pages.items():
        context, page = _page(browser, live_server, user)
        for path in paths:
            width = _wide(page, live_server, path)
            if width > PHONE["width"]:
                too_wide.append((user.email, path, width))
        context.close()
    assert too_wide == []


def test_the_header_leaves_the_screen_to_the_page(browser, live_server, world):
    context, page = _page(browser, live_server, world.agent)
    page.goto(f"{live_server.url}/console/queue/all/")
    header = page.locator("header").first.bounding_box()
    assert header is not None and header["height"] <= 844 * 0.25, header
    brand = page.locator("header .brand").first.inner_text()
    assert "Central de Ajuda Hiperstream" in " ".join(brand.split())
    hotline = page.locator("footer a[href^='tel:']").first.bounding_box()
    assert hotline is not None and hotline["height"] < 30  # one line
    context.close()


def test_tap_targets_reach_44_px(browser, live_server, world):
    _ticket(world)
    context, page = _page(browser, live_server, world.agent)
    page.goto(f"{live_server.url}/console/queue/all/")
    small = page.evaluate(
        """() => [...document.querySelectorAll('.tabs a, table.cards input[type=checkbox]')]
        .map(e => { const r = e.closest('label') ? e.closest('label').getBoundingClientRect()
                                                  : e.getBoundingClientRect();
                    return [e.outerHTML.slice(0, 60), Math.round(r.height)]; })
        .filter(([_, h]) => h < 44)"""
    )
    assert small == []
    context.close()


def test_more_actions_closes_with_escape_and_returns_focus(browser, live_server, world):
    ticket = _ticket(world)
    context, page = _page(browser, live_server, world.agent)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/tickets/{ticket.pk}/")
    summary = page.locator("details#more-actions > summary")
    summary.click()
    assert page.locator("details#more-actions").get_attribute("open") is not None
    page.keyboard.press("Escape")
    assert page.locator("details#more-actions").get_attribute("open") is None
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    context.close()


def test_the_audit_filter_points_only_at_rendered_ids(browser, live_server, world):
    context, page = _page(browser, live_server, world.admin)
    page.goto(f"{live_server.url}/console/audit/")
    missing = page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')]
        .flatMap(e => e.getAttribute('aria-describedby').split(/\\s+/))
        .filter(id => !document.getElementById(id))"""
    )
    assert missing == []
    context.close()
