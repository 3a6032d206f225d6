"""Numbers as the reader's language writes them, the same on every page, PDF and
e-mail: "87,5 %" and "1,5 h" in Portuguese, "87.5 %" and "1.5 h" in English."""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format


def percent(value: float | None) -> str:
    return "—" if value is None else f"{number_format(value, 1)} %"


def hours(seconds: int | float | None) -> str:
    return "—" if seconds is None else f"{number_format(seconds / 3600, 1)} h"


def file_size(size: int) -> str:
    """89 bytes, 12,4 KB, 1,5 MB (Django's filesizeformat: localized, never "0 KB")."""
    return str(filesizeformat(size)).replace("\xa0", " ")
