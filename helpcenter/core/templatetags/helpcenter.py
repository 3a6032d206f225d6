from datetime import timedelta

from django import template
from django.utils.translation import gettext as _

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
