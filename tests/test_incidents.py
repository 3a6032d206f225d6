"""Major incidents: declared once on services of several organizations, their tickets
linked (proposed, or on arrival), every public update a reply on each linked ticket
(its first response where it is the first), resolved together; clients see only their
own ticket's side of it."""

from __future__ import annotations

from django.urls import reverse

from helpcenter.audit.models import AuditEvent
from helpcenter.incidents import actions
from helpcenter.incidents.models import Delivery, Incident, IncidentLink
from helpcenter.notifications.delivery import deliver_due
from helpcenter.notifications.models import OutboxMessage
from helpcenter.tickets.models import Comment, Ticket
from tests.helpers import deliver_incident_updates, open_ticket, triaged


def _declare(world, **extra):
    return actions.declare_incident(
        title="Plataforma de pagamentos fora do ar",
        impact="Pagamentos recusados",
        services=[world.service_a, world.service_b],
        commander=world.agent,
        actor=world.agent,
        **extra,
    )


def test_declaring_proposes_open_tickets_of_every_affected_organization(client, world):
    a = open_ticket(world, priority="P1")
    b = open_ticket(world, requester=world.client_b, priority="P1")
    client.force_login(world.agent)
    response = client.post(
        reverse("incidents:list"),
        {
            "title": "Plataforma de pagamentos fora do ar",
            "services": [world.service_a.pk, world.service_b.pk],
            "commander": world.agent.pk,
            "from_ticket": a.pk,
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert list(incident.links.values_list("ticket_id", flat=True)) == [a.pk]
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert b.number in page  # proposed
    client.post(reverse("incidents:link", args=[incident.pk]), {"tickets": [b.pk]})
    assert set(incident.links.values_list("ticket_id", flat=True)) == {a.pk, b.pk}
    assert AuditEvent.objects.filter(type="incident.declared").count() == 1
    assert AuditEvent.objects.filter(type="incident.ticket_linked", ticket=b).count() == 1


def test_a_new_ticket_on_an_affected_service_is_linked_on_arrival_and_told(client, world):
    incident = _declare(world)
    actions.post_update(
        incident,
        body="Causa identificada no gateway.",
        public=True,
        state="identified",
        actor=world.agent,
    )
    ticket = open_ticket(world, requester=world.client_b, priority="P1")
    link = IncidentLink.objects.get(ticket=ticket)
    assert link.linked_by is None and link.incident == incident
    client.force_login(world.client_b)
    page = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert "Plataforma de pagamentos fora do ar" in page
    assert "Causa identificada no gateway." in page
    assert reverse("incidents:detail", args=[incident.pk]) not in page  # staff's page only
    deliver_due()
    from django.core import mail

    confirmation = [m for m in mail.outbox if m.to == [world.client_b.email]][-1]
    assert "Plataforma de pagamentos fora do ar" in confirmation.body
    assert "Causa identificada no gateway." in confirmation.body


def test_a_public_update_is_a_reply_on_every_linked_ticket_and_a_first_response(world):
    a = triaged(world, open_ticket(world, priority="P1"))
    b = open_ticket(world, requester=world.client_b, priority="P1")
    incident = _declare(world, tickets=[a, b])
    sent = actions.post_update(
        incident,
        body="Estamos atuando no gateway.",
        public=True,
        state="investigating",
        actor=world.agent,
    )
    assert sent.queued == 2
    assert Comment.objects.count() == 0  # the worker writes them
    assert deliver_incident_updates() == 2
    assert deliver_incident_updates() == 0  # once
    for ticket in (a, b):
        (reply,) = Comment.objects.filter(ticket=ticket)
        assert reply.body == f"[{incident.number}] Estamos atuando no gateway."
        clock = ticket.sla_clocks.get(kind="first_response")
        assert clock.met_at is not None
    internal = actions.post_update(
        incident,
        body="Rollback em andamento.",
        public=False,
        state="identified",
        actor=world.agent,
    )
    assert internal.queued == 0 and deliver_incident_updates() == 0
    assert Comment.objects.count() == 2
    # Each requester is told in their own language, once per update.
    assert (
        OutboxMessage.objects.filter(template="reply_added", to=world.client_b.email).count() == 1
    )


def test_resolving_resolves_linked_tickets_except_a_separate_cause(world):
    a = triaged(world, open_ticket(world, priority="P1"))
    b = triaged(world, open_ticket(world, requester=world.client_b, priority="P1"))
    incident = _declare(world, tickets=[a, b])
    actions.mark_separate_cause(
        IncidentLink.objects.get(ticket=b), separate=True, actor=world.agent
    )
    sent = actions.post_update(
        incident, body="Normalizado às 11:20.", public=True, state="resolved", actor=world.agent
    )
    assert sent.queued == 2  # b still gets the update, and stays open
    deliver_incident_updates()
    assert list(
        Delivery.objects.filter(outcome="resolved").values_list("ticket_id", flat=True)
    ) == [a.pk]
    assert Ticket.objects.get(pk=a.pk).status == "resolved"
    assert Ticket.objects.get(pk=b.pk).status == "in_progress"
    incident.refresh_from_db()
    assert incident.state == "resolved" and incident.resolved_at is not None
    # A resolved incident links nothing new.
    fresh = open_ticket(world, priority="P1")
    assert not IncidentLink.objects.filter(ticket=fresh).exists()


def test_unlinking_needs_a_reason_and_is_in_the_tickets_history(client, world):
    a = open_ticket(world, priority="P1")
    incident = _declare(world, tickets=[a])
    client.force_login(world.agent)
    client.post(reverse("incidents:unlink", args=[incident.pk, a.pk]), {"reason": ""})
    assert incident.links.exists()
    client.post(reverse("incidents:unlink", args=[incident.pk, a.pk]), {"reason": "Outro erro"})
    assert not incident.links.exists()
    event = AuditEvent.objects.get(type="incident.ticket_unlinked")
    assert event.ticket_id == a.pk and event.data["reason"] == "Outro erro"


def test_incident_pages_are_the_support_teams(client, world):
    incident = _declare(world)
    for person in (world.client_a, world.client_admin_a, world.client_b):
        client.force_login(person)
        assert client.get(reverse("incidents:list")).status_code == 404
        assert client.get(reverse("incidents:detail", args=[incident.pk])).status_code == 404
        assert (
            client.post(
                reverse("incidents:update", args=[incident.pk]),
                {"body": "x", "public": "on", "state": "resolved"},
            ).status_code
            == 404
        )
    incident.refresh_from_db()
    assert incident.state == "investigating"


def test_a_p1_linked_on_arrival_wakes_nobody_again(world, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    from helpcenter.oncall import paging
    from helpcenter.oncall.models import Page, Rota, RotaMember

    monkeypatch.setattr(paging, "in_business_hours", lambda at: False)  # a night shift
    rota = Rota.objects.create(name="Plantão", anchor=timezone.now() - dt.timedelta(hours=1))
    RotaMember.objects.create(rota=rota, user=world.agent, position=0)
    first = open_ticket(world, priority="P1")
    assert Page.objects.filter(ticket=first).count() == 1  # the first one pages
    _declare(world, tickets=[first])
    later = open_ticket(world, requester=world.client_b, priority="P1")
    assert IncidentLink.objects.filter(ticket=later).exists()
    assert not Page.objects.filter(ticket=later).exists()  # linked: nobody woken again


def test_the_post_incident_record_and_the_monthly_statement_account_for_it(client, world):
    import datetime as dt
    from io import BytesIO

    from django.utils import timezone
    from pypdf import PdfReader

    from helpcenter.reports import statement
    from helpcenter.slas.models import SlaClock

    def text(pdf: bytes) -> str:
        return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())

    a = triaged(world, open_ticket(world, priority="P1"))
    b = open_ticket(world, requester=world.client_b, priority="P1")
    incident = _declare(world, tickets=[a, b])
    actions.post_update(
        incident, body="Gateway reiniciado.", public=True, state="monitoring", actor=world.agent
    )
    actions.post_update(
        incident, body="Normalizado.", public=True, state="resolved", actor=world.agent
    )
    deliver_incident_updates()
    # The outage made a's resolution miss its target.
    SlaClock.objects.filter(ticket=a, kind="resolution").update(
        breached=True, due_at=timezone.now() - dt.timedelta(minutes=5)
    )
    client.force_login(world.agent)
    response = client.get(reverse("incidents:record", args=[incident.pk]))
    assert response["Content-Type"] == "application/pdf"
    record = text(response.content)
    for expected in (incident.number, "Org A", "Org B", a.number, b.number, "Gateway reiniciado."):
        assert expected in record, expected
    assert "1 de 8 prazos dos tickets vinculados foram perdidos" in record
    built = statement.build(world.org_a, timezone.localdate())
    assert [i.pk for i, _ids in built.incidents] == [incident.pk]
    month = text(statement.to_pdf(built))
    assert incident.number in month and f"{a.number} (Resolução)" in month
    assert b.number not in month  # another organization's ticket
    other = statement.build(world.org_b, timezone.localdate())
    assert "Nenhum prazo" in text(statement.to_pdf(other))
