"""300+ XSS payloads through every field a person can write, read back in real Chromium.

Each payload sets `window.__xss` if it ever runs. The pages are loaded with the
Content-Security-Policy bypassed, so the test proves the escaping itself (the
CSP is a second wall, tested on its own below). The HTML e-mails written for
the same data are parsed and must carry no active content.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core import mail
from django.test import Client

from helpcenter.accounts.models import Organization
from helpcenter.accounts.roles import Role
from helpcenter.catalog.models import Service
from helpcenter.console.models import CannedResponse
from helpcenter.notifications.delivery import deliver_due
from helpcenter.tickets import actions
from helpcenter.tickets.models import Comment, Priority, TicketType
from tests.conftest import make_user
from tests.helpers import upload
from tests.security.xss_payloads import PAYLOADS


def plant(world, payloads: list[str]) -> list[dict]:
    """One organization per payload, with the payload in every field people write."""
    planted = []
    for index, text in enumerate(payloads):
        org = Organization.objects.create(name=f"{text} #{index}")
        service = Service.objects.create(organization=org, name=f"{text} #{index}")
        client = make_user(f"c{index}@xss.example", Role.CLIENT, org, name=text)
        colleague = make_user(f"d{index}@xss.example", Role.CLIENT, org, name=text[::-1])
        ticket = actions.open_ticket(
            organization=org,
            requester=client,
            actor=client,
            type=TicketType.INCIDENT,
            priority=Priority.P3,
            service=service,
            title=text,
            description=f"{text}\n\n{text}",
            participants=[colleague],
            attachments=[upload(f"{text}.txt", b"x")],
        )
        actions.add_reply(ticket, body=text, actor=world.agent)
        actions.add_internal_note(ticket, body=text, actor=world.agent)
        canned = CannedResponse.objects.create(
            title=text, body=f"{text} {{ticket.title}} {{requester.name}}"
        )
        planted.append({"ticket": ticket, "client": client, "canned": canned})
    return planted


class ActiveContent(HTMLParser):
    """Collects what could run in a mail reader: scripts, frames, handlers, js: URLs."""

    DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "base", "meta", "form"}

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            url = (value or "").strip().lower().replace("\n", "")
            if name in ("href", "src", "action", "formaction") and url.startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


@pytest.mark.django_db
def test_html_emails_carry_no_active_content(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    plant(world, PAYLOADS[:120])
    while deliver_due(batch=500):
        pass
    assert len(mail.outbox) >= 240
    checked = 0
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype != "text/html":
                continue
            parser = ActiveContent()
            parser.feed(str(content))
            assert parser.found == [], (message.subject, parser.found)
            checked += 1
    assert checked >= 240


def _login_cookie(user) -> dict:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def plant_packed(world, payloads: list[str]) -> dict:
    """Every payload in every field, packed so that a few pages show them all.

    One organization holds a person, a service and a ticket per payload (titles,
    names and services on the lists); one "omnibus" ticket carries every
    payload as a CC's name, a reply, an internal note and a file name, and one
    canned response carries them all; an organization per payload fills the
    console's organization filter.
    """
    org = Organization.objects.create(name=payloads[0])
    people = [
        make_user(f"p{i}@xss.example", Role.CLIENT, org, name=text)
        for i, text in enumerate(payloads)
    ]
    requester = people[0]
    tickets = []
    for i, text in enumerate(payloads):
        Organization.objects.create(name=f"{text} #{i}")
        service = Service.objects.create(organization=org, name=f"{text} #{i}")
        tickets.append(
            actions.open_ticket(
                organization=org,
                requester=requester,
                actor=requester,
                type=TicketType.INCIDENT,
                priority=Priority.P3,
                service=service,
                title=text,
                description=text,
            )
        )
    omnibus = actions.open_ticket(
        organization=org,
        requester=requester,
        actor=requester,
        type=TicketType.INCIDENT,
        priority=Priority.P4,
        service=Service.objects.filter(organization=org).first(),
        title=payloads[-1],
        description="\n".join(payloads),
        participants=people[1:],
        attachments=[upload(f"{text}.txt", b"x") for text in payloads],
    )
    # Rows straight in: what is tested here is how pages show them (the actions
    # that write replies and notes run for every payload in the e-mail test).
    Comment.objects.bulk_create(
        [
            Comment(ticket=omnibus, author=author, body=text, is_internal=internal)
            for text in payloads
            for author, internal in ((world.agent, False), (world.agent, True), (requester, False))
        ]
    )
    for text in payloads:
        CannedResponse.objects.create(title=text, body=text)
    canned = CannedResponse.objects.create(
        title="all", body="\n".join(payloads) + " {ticket.title} {requester.name}"
    )
    return {"requester": requester, "tickets": tickets, "omnibus": omnibus, "canned": canned}


@pytest.mark.browser
def test_payloads_are_live_when_not_escaped(browser):
    """The corpus is real: unescaped, many of its payloads run (so a pass means escaping)."""
    page = browser.new_page()
    fired = 0
    for text in PAYLOADS[::9]:
        page.set_content(f"<html><body><div>{text}</div></body></html>", wait_until="load")
        page.wait_for_timeout(20)
        fired += bool(page.evaluate("() => window.__xss === 1"))
    page.close()
    assert fired >= 5, fired


@pytest.mark.browser
def test_no_payload_runs_in_chromium(browser, live_server, world, default_contract):
    planted = plant_packed(world, PAYLOADS)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    ran: list[str] = []
    loads = 0

    def visit(page, path: str) -> None:
        nonlocal loads
        page.goto(f"{live_server.url}{path}", wait_until="load")
        loads += 1
        if page.evaluate("() => window.__xss === 1"):
            ran.append(path)

    def pages_of(user):
        context = browser.new_context(bypass_csp=True)
        context.add_cookies(
            [{"name": "sessionid", "value": _login_cookie(user), "domain": host, "path": "/"}]
        )
        return context, context.new_page()

    omnibus = planted["omnibus"]
    context, page = pages_of(world.agent)
    # Every queue page (50 rows each: titles, organizations, requesters, services).
    path = "/console/queue/all/"
    while path:
        visit(page, path)
        following = page.locator("a[rel=next]")
        path = following.get_attribute("href") if following.count() else ""
        if path and path.startswith("?"):
            path = "/console/queue/all/" + path
    visit(page, f"/tickets/{omnibus.pk}/?canned={planted['canned'].pk}")
    # The presence twin: the payloads are on the page, shown as text.
    shown = page.inner_text("body")
    assert "<script>window.__xss=1</script>" in shown and "<svg onload=window.__xss=1>" in shown
    assert "<script>window.__xss=1</script>" in page.input_value("#compose_body")
    # Inserting the canned response in place (JavaScript) puts the payloads in the box as text.
    page.fill("#compose_body", "")
    page.select_option("#compose_canned", str(planted["canned"].pk))
    page.click("#insert-canned")
    assert "<script>window.__xss=1</script>" in page.input_value("#compose_body")
    # The ticket's title is also in <title>: the pages of titles that break out of it.
    for ticket in planted["tickets"]:
        if ticket.title.startswith(("</title>", '">', "'>")):
            visit(page, f"/tickets/{ticket.pk}/")
    context.close()

    context, page = pages_of(planted["requester"])
    for number in range(1, len(planted["tickets"]) // 25 + 2):
        visit(page, f"/tickets/?page={number}")
    visit(page, f"/tickets/{omnibus.pk}/")
    visit(page, "/tickets/new/")
    context.close()
    assert ran == []
    assert loads >= 30


@pytest.mark.browser
def test_our_pages_raise_no_csp_violation(browser, live_server, world, default_contract):
    """With the policy enforced, nothing of ours is blocked: no inline script or style."""
    from tests.helpers import open_ticket

    ticket = open_ticket(world, attachments=[upload()])
    host = live_server.url.split("//", 1)[1].split(":")[0]
    violations: list[str] = []
    for user, paths in (
        (None, ["/accounts/login/", "/accounts/password/reset/", "/no-such-page/"]),
        (world.client_a, ["/tickets/", "/tickets/new/", f"/tickets/{ticket.pk}/"]),
        (
            world.agent,
            [
                "/console/",
                f"/tickets/{ticket.pk}/",
                "/console/phone/",
                "/oncall/",
                "/accounts/2fa/",
            ],
        ),
    ):
        context = browser.new_context()
        if user is not None:
            context.add_cookies(
                [{"name": "sessionid", "value": _login_cookie(user), "domain": host, "path": "/"}]
            )
        page = context.new_page()
        page.on(
            "console",
            lambda msg: (
                violations.append(msg.text) if "Content Security Policy" in msg.text else None
            ),
        )
        for path in paths:
            page.goto(f"{live_server.url}{path}", wait_until="load")
            page.wait_for_timeout(100)
            if path == "/tickets/new/":  # htmx swaps in the promise: still no violation
                page.check("input[name=priority][value=P1]")
                page.wait_for_selector("#promise-hours")
        context.close()
    assert violations == []
