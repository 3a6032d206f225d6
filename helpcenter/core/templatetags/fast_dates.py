"""Date filters for long lists: the same text as Django's `date` filter, faster.

`{{ value|date:"c" }}` and `{{ value|date:"SHORT_DATETIME_FORMAT" }}` go through
Django's general formatter (a method call per format character); on the client
list and the console queue, with four dates a row, that was about a third of
the page's time. `iso` is `isoformat()`; `short_datetime` turns the active
language's SHORT_DATETIME_FORMAT into a strftime pattern once, when it uses only
plain numeric fields (both languages' formats do: config/formats), and otherwise
falls back to Django's filter (a format with "P" needs its "p.m." logic). Both
expect local time, as `date` does.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from django import template
from django.template.defaultfilters import date as django_date
from django.utils.formats import get_format

register = template.Library()

_PLAIN = {"d": "%d", "m": "%m", "Y": "%Y", "y": "%y", "H": "%H", "i": "%M", "s": "%S"}


@lru_cache(maxsize=32)
def _strftime_pattern(django_format: str) -> str | None:
    """A strftime pattern with the same output, or None when one field is not plain."""
    out = []
    for char in django_format:
        if char in _PLAIN:
            out.append(_PLAIN[char])
        elif char.isalpha() or char == "\\":
            return None
        else:
            out.append(char.replace("%", "%%"))
    return "".join(out)


@register.filter(expects_localtime=True, is_safe=False)
def iso(value: datetime | None) -> str:
    """ISO 8601 in the reader's time zone, as `date:"c"`."""
    return value.isoformat() if isinstance(value, datetime) else ""


@register.filter(expects_localtime=True, is_safe=False)
def short_datetime(value: datetime | None) -> str:
    """The active language's short date and time, as `date:"SHORT_DATETIME_FORMAT"`."""
    if not isinstance(value, datetime):
        return ""
    pattern = _strftime_pattern(get_format("SHORT_DATETIME_FORMAT"))
    if pattern is None:
        return django_date(value, "SHORT_DATETIME_FORMAT")
    return value.strftime(pattern)
