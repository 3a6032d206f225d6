"""SLA reports: numbers checked against a small dataset worked out by hand, and each
reader sees only the organizations they may."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from helpcenter.slas.models import SlaClock
from helpcenter.tickets.models import Ticket
from tests.helpers import open_ticket

ZONE = ZoneInfo("America/Sao_Paulo")
PERIOD = {"since": "2026-09", "until": "2026-10"}


def set_clock(ticket, kind, *, used, met=False, breached=False):
    SlaClock.objects.filter(ticket=ticket, kind=kind).update(
        used_seconds=used,
        met_at=datetime(2026, 10, 1, tzinfo=ZONE) if met else None,
        breached=breached,
        state="met" if met else ("breached" if breached else "running"),
    )


@pytest.fixture
def dataset(world):
    """T1 Sep P1 incident, T2 Sep P3 request, T3 Oct P3 incident (org A); T4 Oct (org B)."""
    t1 = open_ticket(world, priority="P1", type="incident")
    t2 = open_ticket(world, priority="P3", type="request")
    t3 = open_ticket(world, priority="P3", type="incident")
    t4 = open_ticket(world, requester=world.client_b, priority="P3", type="incident")
    for ticket, when in ((t1, (9, 10)), (t2, (9, 20)), (t3, (10, 10)), (t4, (10, 12))):
        Ticket.objects.filter(pk=ticket.pk).update(
            created_at=datetime(2026, when[0], when[1], 12, tzinfo=ZONE)
        )
    set_clock(t1, "first_response", used=1800, met=True)
    set_clock(t1, "triage", used=3600, met=True)
    set_clock(t1, "resolution", used=30000, met=True, breached=True)
    set_clock(t2, "first_response", used=7200, met=True, breached=True)
    set_clock(t2, "triage", used=600, met=True)
    set_clock(t2, "resolution", used=100)
    set_clock(t3, "first_response", used=600, met=True)
    set_clock(t3, "triage", used=50)
    set_clock(t3, "resolution", used=36000, met=True)
    set_clock(t4, "first_response", used=9999, met=True, breached=True)
    return t1, t2, t3, t4


def figures(client, **extra):
    response = client.get(reverse("reports:sla"), {**PERIOD, **extra})
    assert response.status_code == 200
    return response.context


def test_compliance_per_month_and_target_as_worked_out_by_hand(client, world, dataset):
    client.force_login(world.client_admin_a)
    context = figures(client)
    table = {
        (r.month, r.target): (r.decided, r.met, r.missed, r.percent) for r, _ in context["rows"]
    }
    assert table == {
        ("2026-09", "first_response"): (2, 1, 1, 50.0),
        ("2026-09", "triage"): (2, 2, 0, 100.0),
        ("2026-09", "resolution"): (1, 0, 1, 0.0),
        ("2026-10", "first_response"): (1, 1, 0, 100.0),
        ("2026-10", "triage"): (0, 0, 0, None),
        ("2026-10", "resolution"): (1, 1, 0, 100.0),
    }
    assert [pct for _, pct in context["overall"]] == [66.7, 100.0, 50.0, None]


def test_working_times_median_and_p90(client, world, dataset):
    client.force_login(world.client_admin_a)
    times = {row[0]: row[1:] for row in figures(client)["times"]}
    assert list(times.values()) == [(3, "0,5 h", "2,0 h"), (2, "8,3 h", "10,0 h")]  # pt-BR


def test_backlog_volume_and_breaches(client, world, dataset):
    t1, t2, _t3, _t4 = dataset
    client.force_login(world.client_admin_a)
    context = figures(client)
    assert context["backlog"]["> 30 d"] == {"P1": 1, "P3": 2}
    assert sorted(n for _type, _channel, n in context["volume"]) == [1, 2]
    assert {(c.ticket_id, c.kind) for c in context["breaches"]} == {
        (t1.pk, "resolution"),
        (t2.pk, "first_response"),
    }


def test_a_breakdown_by_priority(client, world, dataset):
    client.force_login(world.agent)
    rows = figures(client, group="priority", organization=world.org_a.pk)["rows"]
    resolution = {(r.month, r.group): r.percent for r, _ in rows if r.target == "resolution"}
    assert resolution == {("2026-09", "P1"): 0.0, ("2026-09", "P3"): None, ("2026-10", "P3"): 100.0}


def test_breakdowns_by_organization_and_service_name_them_and_months_end_at_local_midnight(
    client, world, dataset
):
    _t1, _t2, t3, _t4 = dataset
    # 30 Sep 23:30 in São Paulo is already 1 Oct in UTC: it counts in September.
    Ticket.objects.filter(pk=t3.pk).update(created_at=datetime(2026, 9, 30, 23, 30, tzinfo=ZONE))
    client.force_login(world.agent)
    rows = figures(client, group="organization")["rows"]
    first = {
        (r.month, r.group): (r.decided, r.missed) for r, _ in rows if r.target == "first_response"
    }
    assert first == {
        ("2026-09", world.org_a.name): (3, 1),
        ("2026-10", world.org_b.name): (1, 1),
    }
    rows = figures(client, group="service", organization=world.org_a.pk)["rows"]
    assert {r.group for r, _ in rows} == {t3.service.name}


def test_the_csv_matches_the_page(client, world, dataset):
    client.force_login(world.client_admin_a)
    response = client.get(
        reverse("reports:sla"), {**PERIOD, "format": "csv", "table": "compliance"}
    )
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["month", "group", "target", "decided", "met", "missed", "percent"]
    assert ["2026-09", "", "first_response", "2", "1", "1", "50.0"] in rows
    for table in ("times", "backlog", "volume", "breaches"):
        answer = client.get(reverse("reports:sla"), {**PERIOD, "format": "csv", "table": table})
        assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")


def test_charts_are_svg_pictures_without_scripts_from_elsewhere(client, world, dataset):
    client.force_login(world.agent)
    for name in ("compliance", "backlog"):
        response = client.get(reverse("reports:sla_chart", args=[name]), PERIOD)
        assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
        svg = response.content.decode()
        assert "<svg" in svg and "kozea.github.io" not in svg and "src=" not in svg
    assert client.get(reverse("reports:sla_chart", args=["other"])).status_code == 404


def test_each_reader_sees_only_their_organizations(client, world, dataset):
    client.force_login(world.client_admin_a)
    breached = {c.ticket.organization_id for c in figures(client)["breaches"]}
    assert breached == {world.org_a.pk}
    # Naming another organization is refused, not answered.
    response = client.get(reverse("reports:sla"), {**PERIOD, "organization": world.org_b.pk})
    assert response.status_code == 400 and "organization" in response.context["form"].errors
    client.force_login(world.manager)  # relationship manager of org A only
    assert {c.ticket.organization_id for c in figures(client)["breaches"]} == {world.org_a.pk}
    client.force_login(world.agent)
    assert {c.ticket.organization_id for c in figures(client)["breaches"]} == {
        world.org_a.pk,
        world.org_b.pk,
    }
    for persona in (world.client_a, world.client_b):
        client.force_login(persona)
        assert client.get(reverse("reports:sla")).status_code == 404
        assert client.get(reverse("reports:sla_chart", args=["compliance"])).status_code == 404


def test_a_period_that_makes_no_sense_is_a_clear_error(client, world):
    client.force_login(world.agent)
    response = client.get(reverse("reports:sla"), {"since": "2026-10", "until": "2026-01"})
    assert response.status_code == 400 and "until" in response.context["form"].errors
    response = client.get(reverse("reports:sla"), {"since": "2020-01", "until": "2026-01"})
    assert response.status_code == 400 and "since" in response.context["form"].errors
    response = client.get(reverse("reports:sla"), {"since": "ontem"})
    assert response.status_code == 400
