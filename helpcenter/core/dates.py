"""The range of calendar dates a person may give for a window.

Far enough for any contract, near enough that the working-time math never
leaves its calendar (an end of 9999-12-31 overflows `date + 1 day`).
"""

from __future__ import annotations

from datetime import date

EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)


def in_contract_range(*days: date | None) -> bool:
    return all(day is None or EARLIEST_DATE <= day <= LATEST_DATE for day in days)
