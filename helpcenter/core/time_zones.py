"""The time zones people pick, with the names they know them by.

The full IANA list has ~600 entries, many of them aliases ("Brazil/East",
"Etc/GMT+3") that confuse more than help. This is the list a Brazilian support
desk and its clients need, plus the main business centres elsewhere; a value
saved before (or set by an admin) that is not listed stays selectable.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# In English, translated like the rest of the page ("Montevidéu" in Portuguese).
ZONES: dict[str, str | Promise] = {
    "America/Noronha": _("Fernando de Noronha"),
    "America/Sao_Paulo": _(
        "Brasília, São Paulo, Rio de Janeiro, Belo Horizonte, Curitiba, Porto Alegre"
    ),
    "America/Bahia": _("Salvador"),
    "America/Fortaleza": _("Fortaleza, Natal, São Luís, Teresina"),
    "America/Recife": _("Recife, João Pessoa"),
    "America/Maceio": _("Maceió, Aracaju"),
    "America/Belem": _("Belém, Macapá"),
    "America/Araguaina": _("Palmas, Araguaína"),
    "America/Santarem": _("Santarém"),
    "America/Cuiaba": _("Cuiabá"),
    "America/Campo_Grande": _("Campo Grande"),
    "America/Manaus": _("Manaus"),
    "America/Porto_Velho": _("Porto Velho"),
    "America/Boa_Vista": _("Boa Vista"),
    "America/Rio_Branco": _("Rio Branco"),
    "America/Argentina/Buenos_Aires": _("Buenos Aires"),
    "America/Montevideo": _("Montevideo"),
    "America/Asuncion": _("Asunción"),
    "America/Santiago": _("Santiago"),
    "America/La_Paz": _("La Paz"),
    "America/Lima": _("Lima"),
    "America/Bogota": _("Bogotá"),
    "America/Caracas": _("Caracas"),
    "America/Mexico_City": _("Mexico City"),
    "America/New_York": _("New York, Miami, Toronto"),
    "America/Chicago": _("Chicago, Dallas"),
    "America/Denver": _("Denver"),
    "America/Los_Angeles": _("Los Angeles, San Francisco, Vancouver"),
    "Atlantic/Azores": _("Azores"),
    "Europe/Lisbon": _("Lisbon, Porto"),
    "Europe/London": _("London, Dublin"),
    "Europe/Madrid": _("Madrid, Barcelona"),
    "Europe/Paris": _("Paris, Brussels, Amsterdam"),
    "Europe/Berlin": _("Berlin, Frankfurt, Zurich"),
    "Europe/Rome": _("Rome, Milan"),
    "Africa/Luanda": _("Luanda"),
    "Africa/Maputo": _("Maputo"),
    "Asia/Dubai": _("Dubai"),
    "Asia/Kolkata": _("India"),
    "Asia/Shanghai": _("Beijing, Shanghai"),
    "Asia/Tokyo": _("Tokyo"),
    "Australia/Sydney": _("Sydney"),
    "UTC": _("UTC"),
}


def _offset(zone: str, at: datetime) -> tuple[int, str]:
    delta = at.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    minutes = int(delta.total_seconds() // 60) if delta is not None else 0
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return minutes, f"UTC{sign}{hours:02d}:{rest:02d}"


def zone_choices(current: str | None = None, *, at: datetime | None = None) -> list:
    """(value, "(UTC−03:00) Brasília, São Paulo …") pairs, west to east, offsets as of now."""
    at = at or timezone.now()
    zones = dict(ZONES)
    if current and current not in zones:
        try:
            zoneinfo.ZoneInfo(current)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
        else:
            zones[current] = current.replace("_", " ")
    rows = []
    for zone, name in zones.items():
        minutes, label = _offset(zone, at)
        rows.append((minutes, str(name), zone, f"({label}) {name}"))
    rows.sort()
    return [(zone, label) for _minutes, _name, zone, label in rows]
