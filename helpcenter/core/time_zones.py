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

ZONES: dict[str, str] = {
    "America/Noronha": "Fernando de Noronha",
    "America/Sao_Paulo": "Brasília, São Paulo, Rio de Janeiro, Belo Horizonte, Curitiba, Porto Alegre",
    "America/Bahia": "Salvador",
    "America/Fortaleza": "Fortaleza, Natal, São Luís, Teresina",
    "America/Recife": "Recife, João Pessoa",
    "America/Maceio": "Maceió, Aracaju",
    "America/Belem": "Belém, Macapá",
    "America/Araguaina": "Palmas, Araguaína",
    "America/Santarem": "Santarém",
    "America/Cuiaba": "Cuiabá",
    "America/Campo_Grande": "Campo Grande",
    "America/Manaus": "Manaus",
    "America/Porto_Velho": "Porto Velho",
    "America/Boa_Vista": "Boa Vista",
    "America/Rio_Branco": "Rio Branco",
    "America/Argentina/Buenos_Aires": "Buenos Aires",
    "America/Montevideo": "Montevidéu",
    "America/Asuncion": "Assunção",
    "America/Santiago": "Santiago",
    "America/La_Paz": "La Paz",
    "America/Lima": "Lima",
    "America/Bogota": "Bogotá",
    "America/Caracas": "Caracas",
    "America/Mexico_City": "Cidade do México",
    "America/New_York": "New York, Miami, Toronto",
    "America/Chicago": "Chicago, Dallas",
    "America/Denver": "Denver",
    "America/Los_Angeles": "Los Angeles, San Francisco, Vancouver",
    "Atlantic/Azores": "Açores",
    "Europe/Lisbon": "Lisboa, Porto",
    "Europe/London": "London, Dublin",
    "Europe/Madrid": "Madrid, Barcelona",
    "Europe/Paris": "Paris, Bruxelas, Amsterdã",
    "Europe/Berlin": "Berlim, Frankfurt, Zurique",
    "Europe/Rome": "Roma, Milão",
    "Africa/Luanda": "Luanda",
    "Africa/Maputo": "Maputo",
    "Asia/Dubai": "Dubai",
    "Asia/Kolkata": "Índia",
    "Asia/Shanghai": "Pequim, Xangai",
    "Asia/Tokyo": "Tóquio",
    "Australia/Sydney": "Sydney",
    "UTC": "UTC",
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
        rows.append((minutes, name, zone, f"({label}) {name}"))
    rows.sort()
    return [(zone, label) for _minutes, _name, zone, label in rows]
