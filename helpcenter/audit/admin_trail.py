"""Changes made in the admin site are audit events too: one per object, with the
values before and after.

SLA policies and calendars, people and their roles, organizations, services,
rotas, webhook endpoints... are edited in the admin site. Every admin class of
such a model derives from `AuditedAdmin`: saving, adding and deleting (one at a
time or a selection) write `record.created` / `record.changed` / `record.deleted`
events naming the object (`subject`), inside the admin's own transaction.
Secrets (password hashes, webhook secrets, token digests) are never copied into
the trail: only whether they changed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.contrib import admin
from django.db import models, transaction

from helpcenter.audit.events import EventType
from helpcenter.audit.record import record_event

SECRET_PARTS = ("password", "secret", "digest", "token_hash", "otp")
HIDDEN = "***"


def _is_secret(name: str) -> bool:
    return any(part in name for part in SECRET_PARTS)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, float | Decimal | UUID | timedelta):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's stored fields (foreign keys as ids), secrets hidden."""
    values = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        values[field.attname] = HIDDEN if _is_secret(field.name) and value else _plain(value)
    return values


def subject_of(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def _organization(obj: models.Model):
    if obj._meta.label_lower == "accounts.organization":
        return obj
    return getattr(obj, "organization", None) if hasattr(obj, "organization_id") else None


def record_change(
    actor,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    *,
    subject: str = "",
) -> None:
    """One event for one object; `subject` given when the object is already deleted
    (its pk is gone, and so may be its organization)."""
    if before is not None and after is not None:
        changed = sorted(k for k in after if before.get(k) != after.get(k))
        if not changed:
            return
        kind = EventType.RECORD_CHANGED
        data = {
            "before": {k: before.get(k) for k in changed},
            "after": {k: after[k] for k in changed},
        }
    elif after is not None:
        kind, data = EventType.RECORD_CREATED, {"after": after}
    else:
        kind, data = EventType.RECORD_DELETED, {"before": before or {}}
    record_event(
        kind,
        actor=actor,
        organization=None if after is None else _organization(obj),
        public=False,
        subject=subject or subject_of(obj),
        data={"model": obj._meta.label_lower, "name": str(obj)[:200], **data},
    )


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        before = None
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = snapshot(stored) if stored is not None else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record_change(request.user, obj, before, snapshot(obj))

    def save_formset(self, request, form, formset, change):
        """Inline rows (a calendar's closed days, a rota's members): one event each."""
        forms = [f for f in formset.forms if f.instance.pk is not None]
        stored = {
            obj.pk: snapshot(obj)
            for obj in formset.model._default_manager.filter(pk__in=[f.instance.pk for f in forms])
        }
        before = {
            id(f.instance): (stored.get(f.instance.pk), subject_of(f.instance)) for f in forms
        }
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                record_change(request.user, obj, None, snapshot(obj))
            for obj, _fields in formset.changed_objects:
                record_change(request.user, obj, before[id(obj)][0], snapshot(obj))
            for obj in formset.deleted_objects:
                old, subject = before[id(obj)]
                record_change(request.user, obj, old, None, subject=subject)

    def delete_model(self, request, obj):
        before, subject = snapshot(obj), subject_of(obj)
        with transaction.atomic():
            super().delete_model(request, obj)
            record_change(request.user, obj, before, None, subject=subject)

    def delete_queryset(self, request, queryset):
        """A bulk delete writes one event per object."""
        with transaction.atomic():
            doomed = [(obj, snapshot(obj), subject_of(obj)) for obj in queryset]
            super().delete_queryset(request, queryset)
            for obj, before, subject in doomed:
                record_change(request.user, obj, before, None, subject=subject)
