"""The fast date filters print exactly what Django's `date` filter prints."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.template import engines
from django.utils import timezone, translation

MOMENTS = [
    datetime(2026, 11, 26, 15, 4, 5, 123456, tzinfo=UTC),
    datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
    datetime(2025, 3, 9, 7, 30, tzinfo=UTC),  # a DST change day in New York
    datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC),
    None,
]


@pytest.mark.parametrize("language", ["pt-br", "en"])
@pytest.mark.parametrize("zone", ["America/Sao_Paulo", "America/New_York", "UTC", "Asia/Kolkata"])
def test_iso_and_short_datetime_match_the_date_filter(language, zone):
    engine = engines["django"]
    fast = engine.from_string(
        "{% load fast_dates %}{% for m in moments %}[{{ m|iso }}|{{ m|short_datetime }}]{% endfor %}"
    )
    slow = engine.from_string(
        '{% for m in moments %}[{{ m|date:"c" }}|{{ m|date:"SHORT_DATETIME_FORMAT" }}]{% endfor %}'
    )
    with translation.override(language), timezone.override(zone):
        assert fast.render({"moments": MOMENTS}) == slow.render({"moments": MOMENTS})
