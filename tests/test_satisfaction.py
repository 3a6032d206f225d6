"""Satisfaction on close: one survey per resolution to the requester; its answer can be
changed until it expires; a reopen closes it."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from helpcenter.audit.models import AuditEvent
from helpcenter.notifications.models import OutboxMessage
from helpcenter.satisfaction.actions import offer_survey
from helpcenter.satisfaction.models import Survey
from helpcenter.satisfaction.selectors import counts
from helpcenter.tickets import actions
from helpcenter.tickets.models import Ticket
from tests.helpers import open_ticket


def resolved(world, **extra):
    ticket = open_ticket(world, **extra)
    actions.resolve_ticket(ticket, actor=world.agent)
    return ticket


def link_of(ticket) -> str:
    mails = OutboxMessage.objects.filter(template="satisfaction_survey")
    (mail,) = [m for m in mails if m.context["ticket_id"] == ticket.pk]
    return reverse("satisfaction:answer", args=[mail.context["token"]])


def test_resolving_offers_one_survey_to_the_requester(world):
    ticket = resolved(world)
    survey = Survey.objects.get(ticket=ticket)
    assert survey.requester == world.client_a and survey.is_open()
    mail = OutboxMessage.objects.get(template="satisfaction_survey")
    assert mail.to == world.client_a.email
    assert survey.token_hash != mail.context["token"]  # only the hash is stored


def test_the_link_answers_with_a_post_never_a_get_and_the_answer_can_change(client, world):
    ticket = resolved(world)
    url = link_of(ticket)
    page = client.get(url + "?rating=bad")  # a mail scanner opening the link
    assert page.status_code == 200 and Survey.objects.get().answered_at is None
    assert 'value="bad"' in page.content.decode() and "checked" in page.content.decode()
    response = client.post(url, {"rating": "bad", "comment": "Demorou <b>muito</b>"})
    assert response.status_code == 200
    survey = Survey.objects.get()
    assert (survey.rating, survey.comment) == ("bad", "Demorou <b>muito</b>")
    event = AuditEvent.objects.get(type="ticket.survey_answered")
    assert event.actor == world.client_a and event.public
    page = client.get(url)  # the link again: the answer given, ready to change
    assert 'value="bad"' in page.content.decode() and "data-autosubmit" not in page.content.decode()
    again = client.post(url, {"rating": "good", "comment": "Na verdade, bom"})
    assert again.status_code == 200
    assert Survey.objects.get().rating == "good"  # still one survey: one resolution
    changed = AuditEvent.objects.filter(type="ticket.survey_answered").order_by("seq").last()
    assert changed.data["before"]["rating"] == "bad" and changed.data["after"]["rating"] == "good"


def test_the_answer_is_shown_to_the_agent_escaped(client, world):
    ticket = resolved(world)
    client.post(link_of(ticket), {"rating": "good", "comment": "<script>alert(1)</script>"})
    client.force_login(world.agent)
    page = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert 'id="survey"' in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_expired_link_answers_nothing(client, world):
    ticket = resolved(world)
    url = link_of(ticket)
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = client.post(url, {"rating": "good"})
    assert response.status_code == 200 and Survey.objects.get().answered_at is None


def test_a_bad_answer_is_a_clear_message(client, world):
    ticket = resolved(world)
    response = client.post(link_of(ticket), {"rating": "excelente"})
    assert response.status_code == 400 and Survey.objects.get().answered_at is None


def test_an_unknown_token_is_404(client, world):
    assert client.get(reverse("satisfaction:answer", args=["nada"])).status_code == 404


def test_the_requester_answers_on_the_ticket_page(client, world):
    ticket = resolved(world)
    client.force_login(world.client_a)
    page = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert reverse("satisfaction:answer_on_ticket", args=[ticket.pk]) in page
    client.post(reverse("satisfaction:answer_on_ticket", args=[ticket.pk]), {"rating": "good"})
    assert Survey.objects.get().rating == "good"


def test_others_cannot_answer_on_the_ticket_page(client, world):
    ticket = resolved(world)
    url = reverse("satisfaction:answer_on_ticket", args=[ticket.pk])
    for persona in (world.client_a2, world.client_b, world.agent):
        client.force_login(persona)
        assert client.post(url, {"rating": "bad"}).status_code == 404
    assert Survey.objects.get().answered_at is None


def test_no_survey_for_a_merged_ticket(world):
    ticket = open_ticket(world)
    target = open_ticket(world)
    actions.merge_ticket(ticket, into=target, actor=world.agent)
    ticket.refresh_from_db()
    assert ticket.merged_into_id == target.pk
    assert offer_survey(ticket) is None
    assert not Survey.objects.filter(ticket=ticket).exists()


def test_the_reports_count_satisfaction(client, world):
    ticket = resolved(world)
    client.post(link_of(ticket), {"rating": "good"})
    client.force_login(world.agent)
    context = client.get(reverse("reports:sla")).context
    assert context["satisfaction"] == {"sent": 1, "good": 1, "bad": 0, "percent": 100.0}


def test_the_survey_email_renders_with_its_links_in_the_requesters_language(world):
    from helpcenter.notifications.delivery import render_message

    ticket = resolved(world)
    mail = OutboxMessage.objects.get(template="satisfaction_survey")
    email = render_message(mail)
    assert ticket.number in email.subject
    assert link_of(ticket) + "?rating=good" in email.body
    assert link_of(ticket) + "?rating=bad" in email.body


def test_an_answer_stays_on_the_page_after_the_ticket_is_reopened(client, world):
    """The page skips the survey query for tickets never resolved; one resolved and
    then reopened (no longer resolved, resolved_at cleared) still shows its answer."""
    ticket = resolved(world)
    client.post(link_of(ticket), {"rating": "good", "comment": "Resolvido rápido"})
    actions.reopen_ticket(ticket, reason="Voltou a falhar", actor=world.client_a)
    ticket.refresh_from_db()
    assert ticket.status != "resolved" and ticket.resolved_at is None
    client.force_login(world.agent)
    page = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert 'id="survey"' in page and "Resolvido rápido" in page


def test_the_links_rating_is_sent_at_once_by_the_page(client, world):
    """One click: the page opened from the e-mail carries a script that sends the
    preselected rating (a GET alone records nothing)."""
    ticket = resolved(world)
    page = client.get(link_of(ticket) + "?rating=good").content.decode()
    assert "data-autosubmit" in page and "js/survey.js" in page
    assert Survey.objects.get().answered_at is None


def test_a_reopen_closes_the_resolutions_survey_and_each_resolution_counts_once(client, world):
    ticket = resolved(world)
    first_link = link_of(ticket)
    actions.reopen_ticket(ticket, reason="Voltou a falhar", actor=world.client_a)
    # While the reopened ticket is worked on, no survey is offered on its page.
    client.force_login(world.client_a)
    page = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert 'id="survey"' not in page
    # The first resolution's link no longer takes an answer, and says why.
    late = client.post(first_link, {"rating": "good"})
    assert "foi reaberto" in late.content.decode()
    assert not Survey.objects.filter(answered_at__isnull=False).exists()
    ticket.refresh_from_db()
    actions.resolve_ticket(ticket, actor=world.agent)
    second = Survey.objects.filter(ticket=ticket, superseded_at__isnull=True).get()
    client.post(reverse("satisfaction:answer_on_ticket", args=[ticket.pk]), {"rating": "bad"})
    second.refresh_from_db()
    assert second.rating == "bad"
    assert counts(Ticket.objects.filter(pk=ticket.pk)) == {"sent": 1, "good": 0, "bad": 1}
