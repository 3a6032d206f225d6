from datetime import timedelta

from django import template
from django.utils.translation import gettext as _

from helpcenter.core.choices import status_label

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


register.filter("status_label", status_label)


@register.filter
def tel_href(number: str | None) -> str:
    """'+55 11 5194-1410' → 'tel:+551151941410' (digits and a leading plus only)."""
    text = str(number or "")
    digits = "".join(ch for ch in text if ch in "0123456789")
    return f"tel:{'+' if text.strip().startswith('+') else ''}{digits}"


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
