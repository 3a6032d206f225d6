"""CSV cells that a spreadsheet will not run: a value starting like a formula
(=, +, -, @, tab, carriage return) gets a leading apostrophe, which keeps it text."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text
