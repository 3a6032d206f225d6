from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from helpcenter.core.choices import Status

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """A working-time amount as '2 h 05 min' (days are not used: hours are working hours)."""
    if value is None:
        return "—"
    total = int(value.total_seconds() // 60)
    sign = "-" if total < 0 else ""
    hours, minutes = divmod(abs(total), 60)
    if hours:
        return _("%(sign)s%(h)s h %(m)02d min") % {"sign": sign, "h": hours, "m": minutes}
    return _("%(sign)s%(m)s min") % {"sign": sign, "m": minutes}


@register.filter
def status_label(value: str | None) -> str:
    """A stored status value as people read it ('waiting_on_client' → 'Aguardando cliente')."""
    try:
        return str(Status(value or "").label)
    except ValueError:
        return ""


@register.filter
def tel_href(number: str | None) -> str:
    """'+55 11 5194-1410' → 'tel:+551151941410' (digits and a leading plus only)."""
    text = str(number or "")
    digits = "".join(ch for ch in text if ch in "0123456789")
    return f"tel:{'+' if text.strip().startswith('+') else ''}{digits}"


@register.simple_tag
def fast_select(bound_field) -> str:
    """A single-choice <select> rendered in Python: the same markup as Django's widget
    (name, id, the chosen option selected) without a template per option, for filter
    forms on pages that must stay fast (lists, the console)."""
    current = bound_field.value()
    current = "" if current is None else str(current)
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) == current else "", label)
            for value, label in ((str(v), lbl) for v, lbl in _choices(bound_field.field))
        ),
    )
    return format_html(
        '<select name="{}" id="{}">{}</select>', bound_field.html_name, bound_field.auto_id, options
    )


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (None when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def seconds_duration(value: int | None) -> str:
    """A number of working seconds as duration() writes it."""
    return duration(None if value is None else timedelta(seconds=int(value)))


def _choices(field) -> Iterable[tuple[Any, Any]]:
    """A field's choices; a model choice field's in one plain query (its own iterator
    opens a server-side cursor on PostgreSQL: three round trips for a short list)."""
    if not isinstance(field, forms.ModelChoiceField):
        return field.choices
    head = [("", field.empty_label)] if field.empty_label is not None else []
    return head + [
        (field.prepare_value(obj), field.label_from_instance(obj))
        for obj in list(field.queryset if field.queryset is not None else ())
    ]
