"""Upload checks and storage for ticket attachments.

Files are accepted by an extension allow-list and a size limit, stored under a
generated random name (the user's name is metadata only), and always served
as a download through an access-checked view.
"""

from __future__ import annotations

import mimetypes
import os
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helpcenter.tickets.models import Attachment, Comment, StagedUpload, Ticket

MAX_NAME = 200


def clean_filename(name: str) -> str:
    base = os.path.basename(name.replace("\\", "/")).strip()
    try:
        cleaned = get_valid_filename(base)
    except Exception:
        cleaned = ""
    cleaned = cleaned or "file"
    if len(cleaned) > MAX_NAME:
        # Shorten the stem, never the extension: "report….pdf" stays a .pdf.
        stem, dot, ext = cleaned.rpartition(".")
        if dot and stem and len(ext) <= 16:
            cleaned = stem[: MAX_NAME - len(ext) - 1] + "." + ext
        else:
            cleaned = cleaned[:MAX_NAME]
    return cleaned


# What the first bytes of a file of these types must be. A file whose content
# does not match its extension (an HTML page named .png) is refused; every file
# is served only as a download in any case.
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "pdf": (b"%PDF-",),
    "zip": _ZIP,
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "gz": (b"\x1f\x8b",),
}


def extension_of_content(data: bytes) -> str:
    """The extension the content shows ("png"), or "" when the bytes do not tell: the
    first of SIGNATURES it starts with (a ZIP could be any office file, a RIFF file is
    WebP only when it says so)."""
    for ext, signatures in SIGNATURES.items():
        if signatures is _ZIP or ext == "webp":
            continue
        if any(data.startswith(signature) for signature in signatures):
            return ext
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    return ""


def _starts_with_any(upload: UploadedFile, signatures: tuple[bytes, ...]) -> bool:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return any(head.startswith(sig) for sig in signatures)


def validate_upload(upload: UploadedFile) -> None:
    name = clean_filename(upload.name or "")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = [e.lower() for e in settings.ATTACHMENT_EXTENSIONS]
    if ext not in allowed:
        raise ValidationError(
            _("“%(name)s”: this type of file is not accepted. Accepted types: %(types)s.")
            % {"name": name, "types": ", ".join(allowed)}
        )
    limit = settings.ATTACHMENT_MAX_MB * 1024 * 1024
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than the %(limit)s MB limit.")
            % {"name": name, "limit": settings.ATTACHMENT_MAX_MB}
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    signatures = SIGNATURES.get(ext)
    if signatures and not _starts_with_any(upload, signatures):
        raise ValidationError(
            _("“%(name)s” is not a real %(type)s file.") % {"name": name, "type": ext.upper()}
        )


def validate_uploads(uploads: list[UploadedFile]) -> list[UploadedFile]:
    if len(uploads) > settings.ATTACHMENT_MAX_FILES:
        raise ValidationError(
            ngettext(
                "At most %(count)s file per message.",
                "At most %(count)s files per message.",
                settings.ATTACHMENT_MAX_FILES,
            )
            % {"count": settings.ATTACHMENT_MAX_FILES}
        )
    errors = []
    for upload in uploads:
        try:
            validate_upload(upload)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return uploads


STAGED_LIFETIME = timedelta(days=1)


def staged_usage(owner) -> tuple[int, int]:
    """(files, bytes) the owner keeps staged right now."""
    rows = StagedUpload.objects.filter(
        owner=owner, created_at__gte=timezone.now() - STAGED_LIFETIME
    )
    return rows.count(), sum(rows.values_list("size", flat=True))


def stage_uploads(uploads: list[UploadedFile], *, owner) -> list[StagedUpload]:
    """Keep already-validated files of a form that failed on other fields.

    Within the owner's staging quota only (STAGING_QUOTA_FILES, STAGING_QUOTA_MB):
    failed forms cannot fill the disk. Files past the quota are not kept; the
    person chooses them again.
    """
    staged: list[StagedUpload] = []
    count, used = staged_usage(owner)
    quota_bytes = settings.STAGING_QUOTA_MB * 1024 * 1024
    for upload in uploads:
        size = upload.size or 0
        if count + 1 > settings.STAGING_QUOTA_FILES or used + size > quota_bytes:
            break
        count, used = count + 1, used + size
        name = clean_filename(upload.name or "")
        row = StagedUpload(
            owner=owner,
            storage_key=secrets.token_hex(16),
            original_name=name,
            content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
            size=upload.size or 0,
        )
        row.file.save(row.storage_key, upload, save=False)
        row.save()
        staged.append(row)
    return staged


def staged_of(form, *, owner) -> list[StagedUpload]:
    """The owner's staged files a validated form names (its `staged` field); when they
    and the form's new files pass ATTACHMENT_MAX_FILES, an error on `attachments`."""
    staged = staged_for(owner, form.cleaned_data.get("staged") or [])
    chosen = form.cleaned_data.get("attachments") or []
    if form.is_valid() and len(staged) + len(chosen) > settings.ATTACHMENT_MAX_FILES:
        form.add_error(
            "attachments",
            ngettext(
                "At most %(count)s file per message.",
                "At most %(count)s files per message.",
                settings.ATTACHMENT_MAX_FILES,
            )
            % {"count": settings.ATTACHMENT_MAX_FILES},
        )
    return staged


def keep_after_errors(form, *, owner) -> tuple[list[StagedUpload], bool]:
    """A form came back with errors: stage the files it received if they passed their
    own checks, so nothing chosen is lost. Returns the staged files and whether some
    could not be kept (over the staging quota)."""
    if "attachments" in form.errors:
        return [], False
    chosen = form.cleaned_data.get("attachments") or []
    kept = stage_uploads(chosen, owner=owner)
    return kept, len(kept) < len(chosen)


def staged_for(owner, ids: list[int]) -> list[StagedUpload]:
    """The owner's own, still fresh staged files among `ids` (anything else is ignored)."""
    numbers = list(ids)[: settings.ATTACHMENT_MAX_FILES]
    if not numbers:
        return []  # the usual submit: nothing kept from an earlier one, nothing to read
    fresh_after = timezone.now() - STAGED_LIFETIME
    return list(
        StagedUpload.objects.filter(owner=owner, pk__in=numbers, created_at__gte=fresh_after)
    )


def attach_staged(
    staged: StagedUpload, *, ticket: Ticket, comment: Comment | None, uploaded_by
) -> Attachment:
    """Turn a staged file into an attachment; the file stays where it is."""
    attachment = Attachment.objects.create(
        ticket=ticket,
        comment=comment,
        storage_key=staged.storage_key,
        file=staged.file.name,
        original_name=staged.original_name,
        content_type=staged.content_type,
        size=staged.size,
        uploaded_by=uploaded_by,
    )
    staged.delete()
    return attachment


def purge_stale_staged(*, now) -> int:
    count = 0
    for row in StagedUpload.objects.filter(created_at__lt=now - STAGED_LIFETIME)[:500]:
        row.file.delete(save=False)
        row.delete()
        count += 1
    return count


def store_attachment(
    upload: UploadedFile, *, ticket: Ticket, comment: Comment | None, uploaded_by
) -> Attachment:
    name = clean_filename(upload.name or "")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    attachment = Attachment(
        ticket=ticket,
        comment=comment,
        storage_key=secrets.token_hex(16),
        original_name=name,
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=uploaded_by,
    )
    attachment.file.save(attachment.storage_key, upload, save=False)
    attachment.save()
    return attachment


ORIGINAL_NAME = "mensagem-original.eml"


def store_original_message(
    raw: bytes, *, ticket: Ticket, comment: Comment | None, uploaded_by
) -> Attachment:
    """The whole e-mail a ticket or reply came from, kept beside what was stored of it
    (quotes and signatures trimmed, HTML as text). Served as a download like any file."""

    attachment = Attachment(
        ticket=ticket,
        comment=comment,
        storage_key=secrets.token_hex(16),
        original_name=ORIGINAL_NAME,
        content_type="message/rfc822",
        size=len(raw),
        uploaded_by=uploaded_by,
    )
    attachment.file.save(attachment.storage_key, ContentFile(raw), save=False)
    attachment.save()
    return attachment
