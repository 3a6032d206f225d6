"""The status page's e-mail subscription: a client user turns it on or off (an audit
event each way); every public update of an incident on their organization's services
is e-mailed to them once, in their language, naming only their own services."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from helpcenter.audit.models import AuditEvent
from helpcenter.incidents import actions
from helpcenter.incidents.models import StatusSubscription
from helpcenter.notifications.delivery import deliver_due
from helpcenter.notifications.models import OutboxMessage


def _declare(world, services):
    return actions.declare_incident(
        title="Plataforma de pagamentos fora do ar",
        impact="",
        services=services,
        commander=world.agent,
        actor=world.agent,
    )


def _subscribe(client, person, on="1"):
    client.force_login(person)
    return client.post(reverse("status:subscription"), {"on": on})


def test_a_client_subscribes_and_unsubscribes_on_the_status_page(client, world):
    response = _subscribe(client, world.client_a)
    assert response.status_code == 302 and response["Location"] == reverse("status:page")
    page = client.get(reverse("status:page")).content.decode()
    assert 'name="on" value="0"' in page
    assert StatusSubscription.objects.filter(user=world.client_a).exists()
    _subscribe(client, world.client_a)  # the same choice again changes nothing
    _subscribe(client, world.client_a, on="0")
    assert not StatusSubscription.objects.exists()
    types = list(
        AuditEvent.objects.filter(
            subject=f"accounts.user:{world.client_a.pk}", type__startswith="status."
        )
        .order_by("seq")
        .values_list("type", flat=True)
    )
    assert types == ["status.subscribed", "status.unsubscribed"]


def test_a_bad_choice_or_a_staff_member_changes_nothing(client, world):
    client.force_login(world.client_a)
    assert client.post(reverse("status:subscription"), {"on": "talvez"}).status_code == 302
    client.force_login(world.agent)
    assert client.post(reverse("status:subscription"), {"on": "1"}).status_code == 404
    assert client.get(reverse("status:subscription")).status_code == 405
    assert not StatusSubscription.objects.exists()


def test_each_public_update_is_mailed_once_to_the_subscribers_it_concerns(client, world):
    for person in (world.client_a, world.client_b, world.client_admin_a):
        _subscribe(client, person)
    world.client_b.language = "en"
    world.client_b.save()
    _subscribe(client, world.client_a2, on="0")  # not subscribed
    incident = _declare(world, [world.service_a])  # org A only
    actions.post_update(
        incident, body="Causa identificada", public=True, state="identified", actor=world.agent
    )
    actions.post_update(
        incident, body="nota interna", public=False, state="identified", actor=world.agent
    )
    rows = OutboxMessage.objects.filter(template="incident_update")
    assert sorted(rows.values_list("to", flat=True)) == sorted(
        [world.client_a.email, world.client_admin_a.email]
    )
    mail.outbox.clear()
    deliver_due()
    sent = [m for m in mail.outbox if "Causa identificada" in m.body]
    assert len(sent) == 2
    assert all(world.service_a.name in m.body and world.service_b.name not in m.body for m in sent)
    assert all(incident.number in m.subject for m in sent)
    assert not [m for m in mail.outbox if "nota interna" in m.body]
    assert rows.count() == 2  # nothing queued twice


def test_a_subscriber_is_told_in_their_language_of_their_own_services_only(client, world):
    world.client_b.language = "en"
    world.client_b.save()
    _subscribe(client, world.client_b)
    _subscribe(client, world.client_a)
    incident = _declare(world, [world.service_a, world.service_b])
    actions.post_update(
        incident, body="Resolvido", public=True, state="monitoring", actor=world.agent
    )
    mail.outbox.clear()
    deliver_due()
    to_b = next(m for m in mail.outbox if m.to == [world.client_b.email] and "Resolvido" in m.body)
    to_a = next(m for m in mail.outbox if m.to == [world.client_a.email] and "Resolvido" in m.body)
    assert "Update on the major incident" in to_b.body and world.service_b.name in to_b.body
    assert world.service_a.name not in to_b.body
    assert "Atualização" in to_a.body or "atualização" in to_a.body
    assert world.service_b.name not in to_a.body
