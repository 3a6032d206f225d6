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
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from helpcenter.tickets.models import Attachment, Comment, StagedUpload, Ticket


def clean_filename(name: str) -> str:
    base = os.path.basename(name.replace("\\", "/")).strip()
    try:
        cleaned = get_valid_filename(base)
    except Exception:
        cleaned = ""
    return cleaned[:200] or "file"


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


def validate_uploads(uploads: list[UploadedFile]) -> list[UploadedFile]:
    if len(uploads) > settings.ATTACHMENT_MAX_FILES:
        raise ValidationError(
            _("At most %(count)s files per message.") % {"count": settings.ATTACHMENT_MAX_FILES}
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


def stage_uploads(uploads: list[UploadedFile], *, owner) -> list[StagedUpload]:
    """Keep already-validated files of a form that failed on other fields."""
    staged = []
    for upload in uploads:
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


def staged_for(owner, ids: list[str]) -> list[StagedUpload]:
    """The owner's own, still fresh staged files among `ids` (anything else is ignored)."""
    numbers = [int(i) for i in ids if str(i).isdigit()][: settings.ATTACHMENT_MAX_FILES]
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
