"""The API's docs page in real Chromium: Swagger UI from the project's own static files,
under the site's Content-Security-Policy, lists the operations."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_the_docs_page_lists_the_operations_under_the_sites_policy(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=15_000)
    summaries = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/tickets" in [s.replace("\u200b", "") for s in summaries]
    assert page.locator(".opblock").count() >= 15
    assert outside == [] and refused == []
    context.close()
