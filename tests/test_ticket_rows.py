"""The Python-written rows of the client list and the console queue print what the
template rows they replaced printed (kept here as the specification), in both
languages and several time zones, for awkward tickets."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.template import engines
from django.utils import timezone, translation

from helpcenter.accounts.models import Organization, User
from helpcenter.catalog.models import Service
from helpcenter.core.choices import Channel
from helpcenter.tickets.models import Ticket

CLIENT_ROW = """{% load i18n fast_dates %}{% translate 'Next SLA deadline' as L_Next_SLA_deadline %}{% translate 'Number' as L_Number %}{% translate 'Opened' as L_Opened %}{% translate 'Priority' as L_Priority %}{% translate 'Requester' as L_Requester %}{% translate 'Service' as L_Service %}{% translate 'Status' as L_Status %}{% translate 'overdue' as L_overdue %}
  {% for ticket in tickets %}
    <tr>
      <td class="number" data-label="{{ L_Number }}"><span class="ticket-number">{{ ticket.number }}</span></td>
      <td class="title" title="{{ ticket.title }}"><a href="{% url 'portal:ticket_detail' ticket.pk %}">{{ ticket.title }}</a></td>
      <td data-label="{{ L_Priority }}"><span class="prio prio-{{ ticket.priority }}">{{ ticket.get_priority_display }}</span></td>
      <td class="state" data-label="{{ L_Status }}"><span class="status status-{{ ticket.status }}">{{ ticket.get_status_display }}</span></td>
      <td class="due" data-label="{{ L_Next_SLA_deadline }}">{% if ticket.sla_next_due %}<time datetime="{{ ticket.sla_next_due|iso }}"{% if ticket.sla_next_due < now %} class="overdue"{% endif %}>{{ ticket.sla_next_due|short_datetime }}</time>{% if ticket.sla_next_due < now %} <strong class="overdue">{{ L_overdue }}</strong>{% endif %}{% else %}—{% endif %}</td>
      <td data-label="{{ L_Service }}">{{ ticket.service.name }}</td>
      <td data-label="{{ L_Requester }}">{{ ticket.requester.display_name }}</td>
      <td data-label="{{ L_Opened }}"><time datetime="{{ ticket.created_at|iso }}">{{ ticket.created_at|short_datetime }}</time></td>
    </tr>
  {% endfor %}"""

CONSOLE_ROW = """{% load i18n fast_dates %}{% translate 'Assigned to' as L_Assigned_to %}{% translate 'Next SLA deadline' as L_Next_SLA_deadline %}{% translate 'Number' as L_Number %}{% translate 'Opened' as L_Opened %}{% translate 'Organization' as L_Organization %}{% translate 'Priority' as L_Priority %}{% translate 'Status' as L_Status %}{% translate 'overdue' as L_overdue %}{% translate 'Phone' as L_Phone %}
  {% for ticket in tickets %}
  <tr>
    <td class="pick"><input type="checkbox" name="ids" value="{{ ticket.pk }}" aria-label="{{ ticket.number }}"></td>
    <td class="number" data-label="{{ L_Number }}"><span class="ticket-number">{{ ticket.number }}</span>{% if ticket.channel == Channel.PHONE %} <span title="{{ L_Phone }}" aria-label="{{ L_Phone }}">☎</span>{% endif %}</td>
    <td class="title" title="{{ ticket.title }}"><a href="{% url 'portal:ticket_detail' ticket.pk %}">{{ ticket.title }}</a></td>
    <td data-label="{{ L_Priority }}"><span class="prio prio-{{ ticket.priority }}">{{ ticket.get_priority_display }}</span></td>
    <td class="state" data-label="{{ L_Status }}"><span class="status status-{{ ticket.status }}">{{ ticket.get_status_display }}</span></td>
    <td data-label="{{ L_Organization }}">{{ ticket.organization.name }}</td>
    <td data-label="{{ L_Assigned_to }}">{{ ticket.assignee.display_name|default:"—" }}</td>
    <td class="due" data-label="{{ L_Next_SLA_deadline }}">{% if ticket.sla_next_due %}<time datetime="{{ ticket.sla_next_due|iso }}"{% if ticket.sla_next_due < now %} class="overdue"{% endif %}>{{ ticket.sla_next_due|short_datetime }}</time>{% if ticket.sla_next_due < now %} <strong class="overdue">{{ L_overdue }}</strong>{% endif %}{% else %}—{% endif %}</td>
    <td data-label="{{ L_Opened }}">{{ ticket.created_at|short_datetime }}</td>
  </tr>
  {% endfor %}"""

NOW = datetime(2026, 11, 26, 15, 4, 5, tzinfo=UTC)
NASTY = "<script>alert('x')</script> & \"aspas\" ção"


def tickets() -> list[Ticket]:
    org = Organization(pk=7, name=f"Org {NASTY}")
    service = Service(pk=3, organization=org, name=f"Serviço {NASTY}")
    named = User(pk=5, email="a@x.example", full_name=f"Ana {NASTY}")
    plain = User(pk=6, email="b<i>@x.example", full_name="")
    made = []
    cases = [
        ("P1", "open", Channel.PHONE, NOW - timedelta(minutes=1), None),  # overdue, phone
        ("P3", "in_progress", Channel.PORTAL, NOW + timedelta(hours=5), named),
        ("P4", "waiting_on_client", Channel.EMAIL, None, plain),  # no deadline
        ("planned", "resolved", Channel.API, NOW, named),  # due exactly now
        ("P2", "closed", Channel.PORTAL, NOW + timedelta(days=40), None),
    ]
    for i, (priority, status, channel, due, assignee) in enumerate(cases):
        ticket = Ticket(
            pk=10 + i * 99_991,
            organization=org,
            service=service,
            requester=named if i % 2 else plain,
            assignee=assignee,
            type="incident",
            priority=priority,
            status=status,
            channel=channel,
            title=f"{NASTY} {i}",
            sla_next_due=due,
            created_at=NOW - timedelta(days=i * 37, minutes=i),
        )
        made.append(ticket)
    return made


def squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("language", ["pt-br", "en"])
@pytest.mark.parametrize("zone", ["America/Sao_Paulo", "UTC", "Asia/Kolkata"])
@pytest.mark.parametrize(
    ("spec", "tag"),
    [(CLIENT_ROW, "client_rows"), (CONSOLE_ROW, "console_rows")],
    ids=["client list", "console queue"],
)
def test_rows_print_what_the_template_printed(spec, tag, language, zone):
    engine = engines["django"]
    context = {"tickets": tickets(), "now": NOW, "Channel": Channel}
    fast = engine.from_string("{% load ticket_rows %}{% " + tag + " tickets now %}")
    with translation.override(language), timezone.override(zone):
        expected = squeeze(engine.from_string(spec).render(context))
        got = squeeze(fast.render(context))
    assert got == expected
    assert "<script>" not in got
    assert got.count("<tr>") == 5
