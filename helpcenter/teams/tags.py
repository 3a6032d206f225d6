"""Tag names as people type them, normalized: "  Rede  Core " -> "rede core"."""

from __future__ import annotations

import re

MAX_LENGTH = 50
_SPACES = re.compile(r"\s+")
_ALLOWED = re.compile(r"[\w .:/+#-]+")


def normalize(text: str) -> str:
    return _SPACES.sub(" ", text).strip().lower()


def split_names(text: str) -> list[str]:
    """Comma-separated names, normalized, without blanks or repeats, in order."""
    seen: dict[str, None] = {}
    for part in text.split(","):
        name = normalize(part)
        if name:
            seen.setdefault(name, None)
    return list(seen)


def invalid(name: str) -> bool:
    return len(name) > MAX_LENGTH or not _ALLOWED.fullmatch(name)
