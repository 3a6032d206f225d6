"""Upload checks and storage for ticket attachments.

Files are accepted by an extension allow-list and a size limit, stored under a
generated random name (the user's name is metadata only), and always served
as a download through an access-checked view.
"""

from __future__ import annotations

import mimetypes
import os
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from helpcenter.tickets.models import Attachment, Comment, Ticket


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
