"""Pages of a list without counting it: a page of rows and whether another follows.

Django's Paginator counts every matching row to print "page 3 of 200"; on an
organization with thousands of tickets that count costs more than the page
itself. A person reading a list needs "next" and "previous", not the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_PAGE = 100_000


@dataclass
class Window:
    object_list: list = field(default_factory=list)
    number: int = 1
    has_next: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def window(rows, page: str | None, *, per_page: int = 25) -> Window:
    """Page `page` (1 when missing or not a number) of `rows`, one row fetched beyond."""
    try:
        number = min(max(int(page or 1), 1), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    fetched = list(rows[start : start + per_page + 1])
    return Window(fetched[:per_page], number, len(fetched) > per_page)
