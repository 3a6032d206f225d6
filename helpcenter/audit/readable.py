"""An event's `data` as people read it: one line per field, "field: before → after",
with labels and values in the reader's language instead of stored codes."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helpcenter.core.choices import Priority, Status, TicketType, status_label

_LABELS = {
    "status": gettext_lazy("Status"),
    "priority": gettext_lazy("Priority"),
    "type": gettext_lazy("Type"),
    "service": gettext_lazy("Service"),
    "service_name": gettext_lazy("Service"),
    "assignee": gettext_lazy("Assignee"),
    "assignee_name": gettext_lazy("Assignee"),
    "reason": gettext_lazy("Reason"),
    "names": gettext_lazy("People"),
    "rating": gettext_lazy("Rating"),
    "comment": gettext_lazy("Comment"),
    "title": gettext_lazy("Title"),
    "is_active": gettext_lazy("Active"),
    "email": gettext_lazy("E-mail"),
    "role": gettext_lazy("Role"),
    "name": gettext_lazy("Name"),
}
_CODES: dict[str, Any] = {"status": Status, "priority": Priority, "type": TicketType}
SKIPPED = {"before", "after"}


def _value(key: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key in _CODES:
        try:
            return str(_CODES[key](value).label)
        except ValueError:
            return str(value)
    if isinstance(value, list):
        return ", ".join(_value(key, v) for v in value) or "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _label(key: str) -> str:
    return str(_LABELS.get(key, key.replace("_", " ")))


def change_lines(data: Any) -> list[str]:
    """`{"before": {"status": "open"}, "after": {"status": "in_progress"}, "reason": "x"}`
    → ["Status: Aberto → Em andamento", "Reason: x"]."""
    if not isinstance(data, dict):
        return [] if data in (None, "", {}) else [str(data)]
    found_before, found_after = data.get("before"), data.get("after")
    before: dict = found_before if isinstance(found_before, dict) else {}
    after: dict = found_after if isinstance(found_after, dict) else {}
    lines = []
    for key in [*before, *(k for k in after if k not in before)]:
        if key in before and key in after:
            lines.append(f"{_label(key)}: {_value(key, before[key])} → {_value(key, after[key])}")
        elif key in after:
            lines.append(f"{_label(key)}: {_value(key, after[key])}")
        else:
            lines.append(f"{_label(key)}: {_value(key, before[key])} → —")
    for key, value in data.items():
        if key not in SKIPPED:
            lines.append(f"{_label(key)}: {_value(key, value)}")
    return lines


def timeline_details(data: Any) -> list[str]:
    """What a ticket's history shows beside an event's name: who was CC'd, the reason,
    the assignee, status and priority moves, the tickets merged or linked."""
    if not isinstance(data, dict):
        return []
    found_before, found_after = data.get("before"), data.get("after")
    before: dict = found_before if isinstance(found_before, dict) else {}
    after: dict = found_after if isinstance(found_after, dict) else {}
    details = []
    if data.get("names"):
        names = data["names"]
        details.append(", ".join(map(str, names)) if isinstance(names, list) else str(names))
    if data.get("reason"):
        details.append(f"“{data['reason']}”")
    assignee, was = after.get("assignee_name"), before.get("assignee_name")
    if assignee and assignee != was:
        details.append(f"{was} → {assignee}" if was else f"→ {assignee}")
    if after.get("status") and after["status"] != before.get("status"):
        details.append(f"→ {status_label(after['status'])}")
    priority, was = after.get("priority"), before.get("priority")
    if priority and was and priority != was:
        details.append(f"{was} → {priority}")
    for key, arrow in (("into_number", "→"), ("merged_number", "←"), ("other_number", "↔")):
        if data.get(key):
            details.append(f"{arrow} {data[key]}")
    if data.get("team_name"):
        details.append(f"→ {data['team_name']}")
    if data.get("automatic"):
        details.append(_("automatically, after the reopening window"))
    return details
