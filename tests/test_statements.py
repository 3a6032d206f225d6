"""Monthly statements: figures per priority and target, breaches with ledgers, the
audit head; downloaded by those who may, sent to the organization's admins once."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

from django.urls import reverse
from pypdf import PdfReader

from helpcenter.audit.models import AuditEvent, AuditHead
from helpcenter.core.pdf import Document
from helpcenter.notifications.delivery import render_message
from helpcenter.notifications.models import OutboxMessage
from helpcenter.reports import statement
from helpcenter.reports.actions import first_working_day, monthly_statements
from tests.test_reports import dataset, set_clock  # noqa: F401 - the shared fixture

ZONE = ZoneInfo("America/Sao_Paulo")


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())


def test_the_statement_per_priority_and_target(world, dataset):  # noqa: F811
    t1, t2, _t3, _t4 = dataset
    built = statement.build(world.org_a, date(2026, 9, 1))
    table = {(r.group, r.target): (r.decided, r.met, r.missed) for r in built.rows}
    assert table == {
        ("P1", "first_response"): (1, 1, 0),
        ("P1", "triage"): (1, 1, 0),
        ("P1", "resolution"): (1, 0, 1),
        ("P3", "first_response"): (1, 0, 1),
        ("P3", "triage"): (1, 1, 0),
        ("P3", "resolution"): (0, 0, 0),
    }
    assert built.opened == 2
    assert {(c.ticket_id, c.kind) for c, _ledger in built.breaches} == {
        (t1.pk, "resolution"),
        (t2.pk, "first_response"),
    }
    assert all(isinstance(ledger, list) for _c, ledger in built.breaches)
    text = text_of(statement.to_pdf(built))
    assert "Org A" in text and t1.number in text and t2.number in text


def test_the_statement_quotes_the_audit_head_of_its_period(world, dataset):  # noqa: F811
    built = statement.build(world.org_a, date.today())
    head = AuditHead.objects.get(pk=1)
    assert built.head == (head.seq, head.hash)
    assert head.hash[:16] in text_of(statement.to_pdf(built)).replace(" ", "")
    # A past month quotes the last event written before it ended.
    assert statement.build(world.org_a, date(2026, 9, 1)).head[0] <= head.seq


def pdf_url(org, year=2026, month=9):
    return reverse("reports:statement_pdf", args=[org.pk, year, month])


def test_who_downloads_which_statement(client, world, dataset):  # noqa: F811
    client.force_login(world.client_admin_a)
    response = client.get(pdf_url(world.org_a))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert client.get(pdf_url(world.org_b)).status_code == 404
    assert client.get(reverse("reports:statements")).status_code == 200
    client.force_login(world.client_a)
    assert client.get(pdf_url(world.org_a)).status_code == 404
    assert client.get(reverse("reports:statements")).status_code == 404
    client.force_login(world.manager)  # relationship manager of org A
    assert client.get(pdf_url(world.org_a)).status_code == 200
    assert client.get(pdf_url(world.org_b)).status_code == 404
    client.force_login(world.agent)
    assert client.get(pdf_url(world.org_b)).status_code == 200
    assert client.get(pdf_url(world.org_a, 2999, 1)).status_code == 404
    assert client.get(pdf_url(world.org_a, 2026, 13)).status_code == 404


def test_the_manager_sends_it_to_the_org_admins_once(client, world, dataset):  # noqa: F811
    url = reverse("reports:statement_send", args=[world.org_a.pk, 2026, 9])
    client.force_login(world.agent)
    assert client.post(url).status_code == 404
    client.force_login(world.manager)
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a second click sends nothing more
    (mail,) = OutboxMessage.objects.filter(template="monthly_statement")
    assert mail.to == world.client_admin_a.email
    assert AuditEvent.objects.filter(type="statement.sent").count() == 1
    email = render_message(mail)
    (name, content, kind) = email.attachments[0]
    assert kind == "application/pdf" and content.startswith(b"%PDF-") and "2026-09" in name
    assert "Org A" in email.subject


def test_the_worker_sends_last_months_statements_on_the_first_working_day(world):
    assert first_working_day(date(2026, 11, 26)) == date(2026, 11, 2)  # 1 Nov 2026 is a Sunday
    monday = datetime(2026, 11, 2, 9, 0, tzinfo=ZONE)
    assert monthly_statements(now=datetime(2026, 11, 2, 7, 0, tzinfo=ZONE)) == 0
    assert monthly_statements(now=monday) == 1  # org A has one admin; org B none
    assert monthly_statements(now=monday) == 0
    assert monthly_statements(now=datetime(2026, 11, 3, 9, 0, tzinfo=ZONE)) == 0
    (mail,) = OutboxMessage.objects.filter(template="monthly_statement")
    assert mail.context == {"organization_id": world.org_a.pk, "month": "2026-10"}


def test_the_statement_draws_compliance_as_bars_per_priority(world, dataset):  # noqa: F811
    built = statement.build(world.org_a, date(2026, 9, 1))
    groups = statement._chart_groups(built.rows, {"P1": "P1 - Critical", "P3": "P3 - Medium"})
    assert groups == [
        ("P1 - Critical", [100.0, 100.0, 0.0, None]),
        ("P3 - Medium", [0.0, 100.0, None, None]),
    ]
    # Drawn as filled boxes: three legend keys and one per value above zero.
    doc = Document(title="chart")
    doc.bars(groups, ["First response", "Triage", "Resolution"])
    page = PdfReader(BytesIO(doc.bytes())).pages[0]
    assert page.get_contents().get_data().count(b" re f") == 3 + 3
    assert "100.0 %" in page.extract_text() and "—" in page.extract_text()
