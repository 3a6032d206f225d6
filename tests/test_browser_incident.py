"""The outage in real Chromium: clients of three organizations open P1s on a shared
platform out of hours; the person on call is paged for the first, declares a major
incident from it, and the P1s that arrive after are linked without paging anyone;
two updates reach every client's ticket; resolving resolves every linked ticket;
each update meets the tickets' periodic-update target, and an update left too long
breaches it and pages the person on call; the status pages show each step; the
post-incident record and the monthly statement account for it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from helpcenter.accounts.models import Organization
from helpcenter.catalog.models import Service
from helpcenter.incidents.active import forget_active
from helpcenter.incidents.models import Incident, IncidentLink
from helpcenter.notifications.models import OutboxMessage
from helpcenter.oncall import paging
from helpcenter.oncall.models import Page, Rota, RotaMember
from helpcenter.reports import statement
from helpcenter.slas import jobs as sla_jobs
from helpcenter.slas.models import SlaClock
from helpcenter.tickets.actions import triage_ticket
from helpcenter.tickets.models import Ticket
from tests.conftest import make_user
from tests.helpers import deliver_incident_updates, open_ticket, signed_in_page

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _contract(default_contract):
    """Live-server tests flush the database between tests: the contract comes back."""


def _as(browser, live_server, user):
    return signed_in_page(browser, live_server, user)


def test_an_outage_across_three_organizations(browser, live_server, world, monkeypatch):
    cache.clear()
    forget_active()
    monkeypatch.setattr(paging, "in_business_hours", lambda at: False)  # night
    rota = Rota.objects.create(name="Plantão", anchor=timezone.now() - dt.timedelta(hours=1))
    RotaMember.objects.create(rota=rota, user=world.agent, position=0)
    org_c = Organization.objects.create(name="Org C")
    service_c = Service.objects.create(organization=org_c, name="Loja")
    client_c = make_user("carlos@c.example", "client", org_c, name="Carlos C")

    first = open_ticket(world, priority="P1", title="Pagamentos recusados")
    assert Page.objects.filter(ticket=first).count() == 1  # the person on call is woken

    # The agent declares the incident from the first ticket.
    context, agent = _as(browser, live_server, world.agent)
    agent.goto(f"{live_server.url}/tickets/{first.pk}/")
    agent.click("#more-actions summary")
    with agent.expect_navigation():
        agent.click("#declare-incident")
    agent.fill("#id_title", "Plataforma de pagamentos fora do ar")
    for service in (world.service_a, world.service_b, service_c):
        agent.check(f"#declare-form input[name=services][value='{service.pk}']")
    with agent.expect_navigation():
        agent.click("#declare-form button[type=submit]")
    incident = Incident.objects.get()
    assert IncidentLink.objects.filter(incident=incident, ticket=first).exists()

    # The status pages show it at once: Org B's lists it, Org C's names only its service.
    ctx, page = _as(browser, live_server, world.client_b)
    page.goto(f"{live_server.url}/status/")
    assert incident.number in page.locator("main").inner_text()
    # The P1s that arrive after it are linked on arrival and wake nobody; Org B's
    # client opens theirs through the form and lands on a page that says so.
    page.goto(f"{live_server.url}/tickets/new/")
    page.check("input[name=type][value=incident]")
    page.check("input[name=priority][value=P1]")
    page.select_option("#id_service", label=world.service_b.name)
    page.fill("#id_title", "Checkout B parado")
    page.fill("#id_description", "Nenhum pagamento passa desde 02:10.")
    page.click("#ticket-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/tickets/*/")
    assert (
        "Um incidente conhecido está sendo tratado" in page.locator("#known-incident").inner_text()
    )
    ctx.close()
    later = [
        Ticket.objects.get(title="Checkout B parado"),
        open_ticket(world, requester=client_c, service=service_c, priority="P1", title="Loja C"),
    ]
    assert all(IncidentLink.objects.filter(ticket=t).exists() for t in later)
    assert Page.objects.count() == 1

    # Two public updates; every client sees them on their ticket.
    for text, state in (
        ("Gateway em investigação.", "identified"),
        ("Correção aplicada.", "monitoring"),
    ):
        agent.goto(f"{live_server.url}/console/incidents/{incident.pk}/")
        agent.fill("#update-form textarea[name=body]", text)
        agent.select_option("#update-form select[name=state]", state)
        with agent.expect_navigation():
            agent.click("#update-form button[type=submit]")
        assert "get it within moments" in agent.locator("main").inner_text() or (
            "recebem em instantes" in agent.locator("main").inner_text()
        )
        deliver_incident_updates()  # the worker
    for user, ticket in ((world.client_a, first), (world.client_b, later[0]), (client_c, later[1])):
        ctx, page = _as(browser, live_server, user)
        page.goto(f"{live_server.url}/tickets/{ticket.pk}/")
        text = page.locator("main").inner_text()
        assert "Gateway em investigação." in text and "Correção aplicada." in text
        # ... and by e-mail, in their language, once per update.
        assert OutboxMessage.objects.filter(template="reply_added", to=user.email).count() == 2
        page.goto(f"{live_server.url}/status/")
        status = page.locator("main").inner_text()
        assert incident.number in status and "Monitorando" in status
        assert "Org A" not in status or user.organization_id == world.org_a.pk
        ctx.close()

    # Each update met the periodic-update target (P1: every 30 min) on every ticket.
    for ticket in (first, *later):
        clock = SlaClock.objects.get(ticket=ticket, kind="update")
        assert clock.due_at > timezone.now() and not clock.breached
    # Nobody posts for over half an hour: the target breaches and pages the person on call.
    Page.objects.all().delete()
    sla_jobs.run(now=timezone.now() + dt.timedelta(minutes=31))
    overdue = Page.objects.filter(reason="update_overdue")
    assert {p.ticket_id for p in overdue} == {first.pk, *(t.pk for t in later)}
    assert {p.user_id for p in overdue} == {world.agent.pk}
    agent.goto(f"{live_server.url}/tickets/{first.pk}/")
    assert "Próxima atualização" in agent.locator("#sla-update").inner_text()

    # Resolve: every linked ticket that was triaged is resolved with the final update.
    for ticket in (first, *later):
        ticket.refresh_from_db()
        triage_ticket(
            ticket,
            ticket_type=ticket.type,
            priority=ticket.priority,
            service=ticket.service,
            assignee=world.agent,
            actor=world.agent,
        )
    agent.goto(f"{live_server.url}/console/incidents/{incident.pk}/")
    agent.fill("#update-form textarea[name=body]", "Normalizado às 03:40.")
    agent.select_option("#update-form select[name=state]", "resolved")
    with agent.expect_navigation():
        agent.click("#update-form button[type=submit]")
    deliver_incident_updates()
    assert set(Ticket.objects.values_list("status", flat=True)) == {"resolved"}
    agent.goto(f"{live_server.url}/console/incidents/{incident.pk}/")
    assert "3" in agent.locator(".delivery").last.inner_text()
    agent.goto(f"{live_server.url}/status/")
    assert "Resolvido" in agent.locator("main").inner_text()
    record = agent.request.get(f"{live_server.url}/console/incidents/{incident.pk}/record.pdf")
    assert record.ok and record.body()[:5] == b"%PDF-"
    built = statement.build(world.org_a, timezone.localdate())
    assert [i.pk for i, _ids in built.incidents] == [incident.pk]
    context.close()
