"""What the trail records beyond ticket actions (sign-ins, admin-site changes), and
the console page where admins search and export it."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from helpcenter.audit import chain
from helpcenter.audit.export import NAMES
from helpcenter.audit.models import AuditEvent
from helpcenter.audit.verify import verify
from helpcenter.slas.models import SlaPolicy
from tests.helpers import open_ticket


def test_sign_ins_and_failed_sign_ins_are_recorded_with_the_address(client, world):
    client.post(
        reverse("account_login"),
        {"login": world.client_a.email, "password": "errada"},
        REMOTE_ADDR="198.51.100.20",
    )
    failed = AuditEvent.objects.get(type="account.sign_in_failed")
    assert (failed.actor, failed.actor_kind, failed.ip) == (None, "anonymous", "198.51.100.20")
    assert failed.data == {"email": world.client_a.email}
    assert "errada" not in json.dumps(failed.data) + failed.actor_ref
    client.force_login(world.client_a)
    signed = AuditEvent.objects.get(type="account.signed_in")
    assert signed.actor == world.client_a and signed.organization == world.org_a
    assert verify().ok


def test_an_admin_site_change_records_before_and_after(client, world):
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client.force_login(world.admin)
    policy = SlaPolicy.objects.filter(organization__isnull=True, priority="P2").first()
    url = reverse("admin:slas_slapolicy_change", args=[policy.pk])
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data["resolution_minutes"] = 20 * 60
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(type="record.changed", subject=f"slas.slapolicy:{policy.pk}")
    assert event.actor == world.admin and event.public is False
    assert event.data["before"]["resolution_minutes"] == policy.resolution_minutes
    assert event.data["after"]["resolution_minutes"] == 1200
    assert "name" not in event.data["after"]  # only what changed


def test_secrets_never_enter_the_trail(world):
    from helpcenter.audit.admin_trail import snapshot

    values = snapshot(world.agent)
    assert values["password"] == "***"


def test_a_bulk_delete_in_the_admin_site_writes_one_event_per_object(client, world):
    from helpcenter.console.models import CannedResponse

    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    made = [CannedResponse.objects.create(title=f"R{n}", body="Olá") for n in range(3)]
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:console_cannedresponse_changelist"),
        {"action": "delete_selected", "_selected_action": [c.pk for c in made], "post": "yes"},
    )
    assert response.status_code == 302
    deleted = AuditEvent.objects.filter(type="record.deleted").values_list("subject", flat=True)
    assert sorted(deleted) == sorted(f"console.cannedresponse:{c.pk}" for c in made)


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def test_admins_search_the_trail_by_object_person_type_and_period(admin_client, world):
    ticket = open_ticket(world)
    other = open_ticket(world, requester=world.client_b)
    url = reverse("console:audit_trail")
    page = admin_client.get(url, {"object": str(ticket.pk)})
    assert page.status_code == 200
    shown = {e.ticket_id for e in page.context["events"]}
    assert shown == {ticket.pk}
    page = admin_client.get(url, {"person": world.client_b.email, "type": "ticket.created"})
    assert [e.ticket_id for e in page.context["events"]] == [other.pk]
    page = admin_client.get(url, {"since": "2999-01-01"})
    assert page.context["events"] == []
    bad = admin_client.get(
        url, {"object": "nada disso", "since": "2026-02-01", "until": "2026-01-01"}
    )
    assert bad.status_code == 200 and bad.context["events"] == []
    assert "object" in bad.context["form"].errors and "until" in bad.context["form"].errors


def test_exports_carry_the_chain_fields(admin_client, world):
    ticket = open_ticket(world)
    url = reverse("console:audit_trail")
    response = admin_client.get(url, {"object": str(ticket.pk), "format": "jsonl"})
    assert response["Content-Disposition"].startswith("attachment;")
    lines = [json.loads(x) for x in b"".join(response.streaming_content).decode().splitlines()]
    assert lines and all({"seq", "prev_hash", "hash", "data"} <= set(x) for x in lines)
    for record in lines:
        values = [record[name] for name in NAMES]
        assert chain.link(record["prev_hash"], values) == record["hash"]
    response = admin_client.get(url, {"format": "csv"})
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0].endswith("prev_hash,hash")


@pytest.mark.parametrize("persona", ["agent", "client_admin_a", "manager", "client_a"])
def test_only_admins_reach_the_trail(client, world, persona):
    client.force_login(getattr(world, persona))
    url = reverse("console:audit_trail")
    assert client.get(url).status_code == 404
    assert client.get(url, {"format": "jsonl"}).status_code == 404
