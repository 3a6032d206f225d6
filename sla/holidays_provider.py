"""Public holidays from the `holidays` package, as a Calendar holiday provider."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache

import holidays as holidays_lib


@lru_cache(maxsize=256)
def _year(country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
    table = holidays_lib.country_holidays(country, subdiv=subdivision or None, years=year)
    return dict(table.items())


def public_holidays(country: str, subdivision: str | None = None):
    """Provider: year -> {date: name}, in the package's default categories."""
    holidays_lib.country_holidays(country, subdiv=subdivision or None)  # fail early if unknown

    def provider(year: int) -> Mapping[date, str]:
        return _year(country, subdivision, year)

    return provider
