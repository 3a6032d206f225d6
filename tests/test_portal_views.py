import re

import pytest
from django.urls import reverse

from helpcenter.notifications.models import OutboxMessage
from helpcenter.tickets import actions
from helpcenter.tickets.models import Ticket
from helpcenter.tickets.statuses import Status
from tests.helpers import open_ticket, upload


@pytest.fixture
def client_a(client, world):
    client.force_login(world.client_a)
    return client


def form_data(world, **overrides):
    data = {
        "type": "incident",
        "priority": "P2",
        "service": world.service_a.pk,
        "title": "Tracking page slow",
        "description": "Pages take 20 s to load since this morning.",
    }
    data.update(overrides)
    return data


def test_new_ticket_form_offers_only_own_services_and_colleagues(client_a, world):
    response = client_a.get(reverse("portal:ticket_new"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Billing API" in html and "Tracking Portal" in html
    assert "Web Store" not in html
    assert "bruno@a.example" in html and "carla@b.example" not in html
    # The seed's descriptions beside each priority, in pt-BR by default.
    assert "Serviço totalmente indisponível." in html
    assert "+55 11 5194-1410" in html  # emergency notice for P1/P2


def test_submit_creates_ticket_and_redirects_to_detail(client_a, world):
    response = client_a.post(
        reverse("portal:ticket_new"),
        {**form_data(world), "participants": [world.client_a2.pk], "attachments": [upload()]},
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("portal:ticket_detail", args=[ticket.pk])
    assert ticket.status == Status.OPEN and ticket.requester == world.client_a
    assert ticket.attachments.count() == 1
    page = client_a.get(response.url).content.decode()
    assert ticket.number in page and "Aberto" in page
    assert OutboxMessage.objects.filter(template="ticket_created").count() == 2


def test_missing_fields_get_messages_in_portuguese_and_keep_input(client_a, world):
    response = client_a.post(
        reverse("portal:ticket_new"), {"title": "Meu título <b>", "priority": "P1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert Ticket.objects.count() == 0
    assert html.count("Este campo é obrigatório.") >= 3  # type, service, description
    assert 'value="Meu título &lt;b&gt;"' in html  # kept, and escaped
    assert re.search(r'value="P1"[^>]*checked', html)


def test_planned_requires_window(client_a, world):
    response = client_a.post(
        reverse("portal:ticket_new"), form_data(world, priority="planned", planned_end="2026-12-01")
    )
    assert Ticket.objects.count() == 0
    assert "precisa da data de início" in response.content.decode()


def test_bad_attachment_refused_with_message(client_a, world):
    response = client_a.post(
        reverse("portal:ticket_new"),
        {**form_data(world), "attachments": [upload("virus.exe", b"MZ")]},
    )
    assert Ticket.objects.count() == 0
    assert "virus.exe" in response.content.decode()


def test_oversized_attachment_refused(client_a, world, settings):
    settings.ATTACHMENT_MAX_MB = 1
    response = client_a.post(
        reverse("portal:ticket_new"),
        {**form_data(world), "attachments": [upload("big.txt", b"x" * (1024 * 1024 + 1))]},
    )
    assert Ticket.objects.count() == 0
    assert "1 MB" in response.content.decode()


def test_foreign_service_id_is_a_field_error(client_a, world):
    response = client_a.post(
        reverse("portal:ticket_new"), form_data(world, service=world.service_b.pk)
    )
    assert response.status_code == 200
    assert Ticket.objects.count() == 0


def test_staff_cannot_use_client_form(client, world):
    client.force_login(world.agent)
    assert client.get(reverse("portal:ticket_new")).status_code == 404


def test_list_scoping_and_status_filter(client, world):
    mine = open_ticket(world, title="mine")
    open_ticket(world, requester=world.client_a2, title="cc-me", participants=[world.client_a])
    other = open_ticket(world, requester=world.client_a2, title="colleague-only")
    foreign = open_ticket(world, requester=world.client_b, title="foreign")
    actions.resolve_ticket(mine, actor=world.agent)

    def titles(user, query=""):
        client.force_login(user)
        page = client.get(reverse("portal:ticket_list") + query).context["page"]
        return {t.title for t in page.object_list}

    assert titles(world.client_a) == {"mine", "cc-me"}
    assert titles(world.client_a, "?status=resolved") == {"mine"}
    assert titles(world.client_a, "?status=active") == {"cc-me"}
    assert titles(world.client_a, "?status=bogus") == {"mine", "cc-me"}
    assert titles(world.client_admin_a) == {"mine", "cc-me", "colleague-only"}
    assert titles(world.client_b) == {"foreign"}
    assert titles(world.manager) == {"mine", "cc-me", "colleague-only"}
    assert titles(world.agent) == {"mine", "cc-me", "colleague-only", "foreign"}
    assert other and foreign


def test_detail_shows_conversation_history_and_escapes_user_text(client_a, world):
    ticket = open_ticket(world, description="<script>alert(1)</script>")
    actions.add_reply(ticket, body="Olá <img src=x onerror=alert(1)>", actor=world.agent)
    html = client_a.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "Ticket aberto" in html  # history timeline, pt-BR


def test_reply_view_and_empty_reply(client_a, world):
    ticket = open_ticket(world)
    url = reverse("portal:ticket_reply", args=[ticket.pk])
    bad = client_a.post(url, {"body": "   "})
    assert bad.status_code == 400 and "Este campo é obrigatório." in bad.content.decode()
    good = client_a.post(url, {"body": "Extra info", "attachments": [upload()]})
    assert good.status_code == 302
    assert ticket.comments.get().body == "Extra info"


def test_reopen_and_close_views(client_a, world):
    ticket = open_ticket(world)
    actions.resolve_ticket(ticket, actor=world.agent)
    page = client_a.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert "reabrir" in page.lower()
    assert (
        client_a.post(reverse("portal:ticket_reopen", args=[ticket.pk]), {"reason": ""}).status_code
        == 400
    )
    client_a.post(reverse("portal:ticket_reopen", args=[ticket.pk]), {"reason": "Still broken"})
    assert Ticket.objects.get(pk=ticket.pk).status == Status.IN_PROGRESS
    # Closing an in-progress ticket is refused with a message, nothing changes.
    response = client_a.post(reverse("portal:ticket_close", args=[ticket.pk]), follow=True)
    assert "Somente um ticket resolvido pode ser encerrado." in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).status == Status.IN_PROGRESS


def test_add_cc_view(client_a, world):
    ticket = open_ticket(world)
    client_a.post(
        reverse("portal:ticket_participants", args=[ticket.pk]), {"people": [world.client_a2.pk]}
    )
    assert list(ticket.participants.all()) == [world.client_a2]
    bad = client_a.post(
        reverse("portal:ticket_participants", args=[ticket.pk]), {"people": [world.client_b.pk]}
    )
    assert bad.status_code == 400
    assert list(ticket.participants.all()) == [world.client_a2]


def test_attachment_download_is_forced_download(client_a, world):
    ticket = open_ticket(world, attachments=[upload("page.html", b"<script>x</script>")])
    # .html is not on the allow-list by default; a txt shows the headers.
    assert ticket.attachments.count() == 1  # the action trusts the view's validation
    attachment = ticket.attachments.get()
    response = client_a.get(reverse("portal:attachment_download", args=[ticket.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="page.html"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"<script>x</script>"


def test_csrf_is_enforced(world):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(world.client_a)
    response = csrf_client.post(reverse("portal:ticket_new"), form_data(world))
    assert response.status_code == 403
    assert Ticket.objects.count() == 0


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("portal:ticket_list"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
