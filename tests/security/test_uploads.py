"""Hostile uploads: refused, or stored under a random name and served only as a download."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from django.urls import reverse

from helpcenter.tickets.models import Attachment, Ticket
from tests.helpers import open_ticket, upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTML = b"<html><script>window.__xss=1</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="window.__xss=1"/>'


def zip_bomb() -> bytes:
    """A small zip that inflates to 200 MB: stored as it is, never opened by the server."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.bin", b"\x00" * (200 * 1024 * 1024))
    return buffer.getvalue()


def reply_with(client, ticket, files):
    return client.post(
        reverse("portal:ticket_reply", args=[ticket.pk]),
        {"body": "see attached", "attachments": files},
    )


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("virus.exe", b"MZ\x90\x00", "type"),
        ("report.pdf.exe", b"MZ\x90\x00", "double extension ending in a refused type"),
        ("page.html", HTML, "type"),
        ("image.svg", SVG, "type"),
        ("photo.png", HTML, "HTML disguised as an image"),
        ("photo.jpg", SVG, "SVG disguised as an image"),
        ("doc.pdf", b"not a pdf", "wrong magic bytes"),
        ("empty.txt", b"", "zero bytes"),
        ("archive.zip", b"this is not a zip", "wrong magic bytes"),
    ],
)
def test_refused_uploads_store_nothing(client, world, name, content, why):
    ticket = open_ticket(world)
    client.force_login(world.client_a)
    response = reply_with(client, ticket, [upload(name, content)])
    assert response.status_code == 400, why
    assert Attachment.objects.filter(ticket=ticket).count() == 0
    assert ticket.comments.count() == 0


def test_oversize_and_over_the_count_are_refused(client, world, settings):
    settings.ATTACHMENT_MAX_MB = 1
    ticket = open_ticket(world)
    client.force_login(world.client_a)
    big = upload("big.log", b"x" * (1024 * 1024 + 1))
    assert reply_with(client, ticket, [big]).status_code == 400
    many = [upload(f"f{i}.txt", b"x") for i in range(settings.ATTACHMENT_MAX_FILES + 1)]
    assert reply_with(client, ticket, many).status_code == 400
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize(
    "name",
    ["../../../etc/passwd.txt", "..\\..\\windows\\win.ini.txt", "/abs/path.txt", "a\x00b.txt"],
)
def test_path_traversal_names_are_reduced_to_a_plain_name(client, world, name, settings):
    ticket = open_ticket(world)
    client.force_login(world.client_a)
    assert reply_with(client, ticket, [upload(name, b"data")]).status_code == 302
    attachment = Attachment.objects.get(ticket=ticket)
    assert "/" not in attachment.original_name and "\\" not in attachment.original_name
    assert ".." not in attachment.original_name and attachment.original_name.endswith(".txt")
    # Stored under a random key inside MEDIA_ROOT, never under the given name.
    stored = os.path.realpath(attachment.file.path)
    assert stored.startswith(os.path.realpath(settings.MEDIA_ROOT))
    assert attachment.storage_key in stored and "passwd" not in stored


def test_accepted_files_are_served_only_as_downloads(client, world):
    ticket = open_ticket(
        world,
        attachments=[
            upload("notes.txt", HTML),  # HTML content in a text file
            upload("bomb.zip", zip_bomb()),
            upload("real.png", PNG),
        ],
    )
    client.force_login(world.client_a)
    for attachment in Attachment.objects.filter(ticket=ticket):
        response = client.get(
            reverse("portal:attachment_download", args=[ticket.pk, attachment.pk])
        )
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Type"] == "application/octet-stream"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        body = b"".join(response.streaming_content)
        assert body == attachment.file.open("rb").read()
    # The bomb was stored as sent (a few hundred KB), never inflated.
    bomb = Attachment.objects.get(ticket=ticket, original_name="bomb.zip")
    assert bomb.size < 1024 * 1024


def test_file_on_an_internal_note_is_hidden_from_the_client(client, world):
    from helpcenter.tickets.actions import add_internal_note

    ticket = open_ticket(world)
    note = add_internal_note(
        ticket, body="server creds rotated", actor=world.agent, attachments=[upload("keys.txt")]
    )
    attachment = note.attachments.get()
    url = reverse("portal:attachment_download", args=[ticket.pk, attachment.pk])
    client.force_login(world.client_a)
    assert client.get(url).status_code == 404
    detail = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert "keys.txt" not in detail and "server creds rotated" not in detail
    # The presence twin: the agent gets the file and sees the note.
    client.force_login(world.agent)
    assert client.get(url).status_code == 200
    detail = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert "keys.txt" in detail and "server creds rotated" in detail


def test_public_reply_file_is_visible_to_the_client(client, world):
    from helpcenter.tickets.actions import add_reply

    ticket = open_ticket(world)
    reply = add_reply(
        ticket, body="<b>fixed</b>", actor=world.agent, attachments=[upload("fix.txt")]
    )
    client.force_login(world.client_a)
    url = reverse("portal:attachment_download", args=[ticket.pk, reply.attachments.get().pk])
    assert client.get(url).status_code == 200
    html = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert "&lt;b&gt;fixed&lt;/b&gt;" in html and "<b>fixed</b>" not in html
    assert Ticket.objects.get(pk=ticket.pk).comments.count() == 1
