"""axe-core (WCAG 2.1 A/AA) over the main pages in Chromium, at desktop and phone widths.

The pages: login, the client's list, new ticket (empty and after a failed submit), a
ticket as client and as agent, the console, phone intake, on-call, preferences.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from tests.helpers import open_ticket

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(autouse=True)
def _contract(default_contract):
    """Live-server tests flush the database between tests: the contract comes back."""


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _violations(page) -> list[str]:
    results = Axe().run(page, options=RULES)
    found = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"]][:3]
        found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def _fail_new_ticket(page):
    page.click("#ticket-form button[type=submit]")
    page.wait_for_load_state("load")


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_main_pages_have_no_axe_violations(browser, live_server, world, viewport):
    ticket = open_ticket(world, priority="P1", title="Portal fora do ar")
    host = live_server.url.split("//", 1)[1].split(":")[0]
    report: dict[str, list[str]] = {}
    visits = [
        (None, "/accounts/login/", None),
        (world.client_a, "/tickets/", None),
        (world.client_a, "/tickets/new/", None),
        (world.client_a, "/tickets/new/", _fail_new_ticket),
        (world.client_a, f"/tickets/{ticket.pk}/", None),
        (world.client_a, "/accounts/preferences/", None),
        (world.agent, f"/tickets/{ticket.pk}/", None),
        (world.agent, "/console/", None),
        (world.agent, "/console/phone/", None),
        (world.agent, "/oncall/", None),
    ]
    contexts = {}
    for user, path, then in visits:
        key = user.pk if user else 0
        if key not in contexts:
            contexts[key] = browser.new_context(viewport=VIEWPORTS[viewport])
            if user is not None:
                contexts[key].add_cookies(
                    [{"name": "sessionid", "value": _session(user), "domain": host, "path": "/"}]
                )
        page = contexts[key].new_page()
        page.goto(f"{live_server.url}{path}", wait_until="load")
        if then is not None:
            then(page)
        found = _violations(page)
        if found:
            report[f"{path}{' (failed submit)' if then else ''} as {user or 'anonymous'}"] = found
        page.close()
    for context in contexts.values():
        context.close()
    assert report == {}
