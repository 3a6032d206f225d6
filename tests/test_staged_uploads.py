"""A form that comes back with errors keeps the files already chosen."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from helpcenter.tickets.attachments import purge_stale_staged
from helpcenter.tickets.models import StagedUpload, Ticket
from tests.helpers import upload


def test_files_survive_a_failed_submit_and_attach_on_success(client, world):
    client.force_login(world.client_a)
    url = reverse("portal:ticket_new")
    first = client.post(
        url, {"title": "Sem descrição", "attachments": [upload("trace.log", b"boom")]}
    )
    html = first.content.decode()
    assert first.status_code == 200 and Ticket.objects.count() == 0
    staged = StagedUpload.objects.get()
    assert staged.owner == world.client_a and "trace.log" in html
    assert f'name="staged" value="{staged.pk}" checked' in html
    second = client.post(
        url,
        {
            "type": "incident",
            "priority": "P3",
            "service": world.service_a.pk,
            "title": "Sem descrição",
            "description": "Agora com descrição.",
            "staged": [staged.pk],
        },
    )
    ticket = Ticket.objects.get()
    assert second.status_code == 302
    attachment = ticket.attachments.get()
    assert attachment.original_name == "trace.log" and attachment.file.read() == b"boom"
    assert not StagedUpload.objects.exists()


def test_someone_elses_staged_file_is_ignored(client, world):
    client.force_login(world.client_b)
    client.post(reverse("portal:ticket_new"), {"title": "x", "attachments": [upload()]})
    foreign = StagedUpload.objects.get()
    client.force_login(world.client_a)
    client.post(
        reverse("portal:ticket_new"),
        {
            "type": "incident",
            "priority": "P3",
            "service": world.service_a.pk,
            "title": "t",
            "description": "d",
            "staged": [foreign.pk],
        },
    )
    assert Ticket.objects.get().attachments.count() == 0
    assert StagedUpload.objects.filter(pk=foreign.pk).exists()


def test_refused_files_are_not_staged(client, world):
    client.force_login(world.client_a)
    client.post(
        reverse("portal:ticket_new"), {"title": "x", "attachments": [upload("a.exe", b"MZ")]}
    )
    assert not StagedUpload.objects.exists()


def test_stale_staged_files_are_purged(client, world):
    client.force_login(world.client_a)
    client.post(reverse("portal:ticket_new"), {"title": "x", "attachments": [upload()]})
    staged = StagedUpload.objects.get()
    path = staged.file.path
    assert purge_stale_staged(now=timezone.now()) == 0
    assert purge_stale_staged(now=timezone.now() + dt.timedelta(days=2)) == 1
    assert not StagedUpload.objects.exists()
    import os

    assert not os.path.exists(path)
