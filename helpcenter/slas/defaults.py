"""The seed's contract as default calendars and policies (used by a data migration)."""

from __future__ import annotations

POLICIES = [
    # priority, calendar, first response, triage, resolution (minutes)
    ("P1", "24x7", 60, 120, 6 * 60),
    ("P2", "24x7", 60, 120, 18 * 60),
    ("P3", "business", 60, 120, 24 * 60),
    ("P4", "business", 60, 120, 48 * 60),
    ("planned", None, None, None, None),
]
NAMES = {
    "P1": "P1 Crítico",
    "P2": "P2 Alto",
    "P3": "P3 Médio",
    "P4": "P4 Baixo",
    "planned": "Planejado",
}


def ensure_default_contract(apps) -> None:
    """Create what is missing; never changes what an admin edited. `apps`: an app registry."""
    BusinessCalendar = apps.get_model("slas", "BusinessCalendar")
    SlaPolicy = apps.get_model("slas", "SlaPolicy")
    always, _ = BusinessCalendar.objects.get_or_create(
        name="24x7", defaults={"always_open": True, "hours": {}, "holiday_country": ""}
    )
    business, _ = BusinessCalendar.objects.get_or_create(
        name="Horário comercial (São Paulo)",
        defaults={
            "always_open": False,
            "time_zone": "America/Sao_Paulo",
            "hours": {str(d): ["08:00-18:00"] for d in range(5)},
            "holiday_country": "BR",
        },
    )
    calendars = {"24x7": always, "business": business, None: None}
    for priority, calendar, first, triage, resolution in POLICIES:
        SlaPolicy.objects.get_or_create(
            organization=None,
            ticket_type="",
            priority=priority,
            defaults={
                "name": f"Padrão · {NAMES[priority]}",
                "calendar": calendars[calendar],
                "first_response_minutes": first,
                "triage_minutes": triage,
                "resolution_minutes": resolution,
            },
        )
