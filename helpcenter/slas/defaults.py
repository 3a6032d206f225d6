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
# The periodic-update target of the urgent priorities (minutes): added after the
# first three targets, so it is set by its own data migration (0004) as well.
UPDATE_MINUTES = {"P1": 30, "P2": 120}
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
    has_updates = any(f.name == "update_minutes" for f in SlaPolicy._meta.get_fields())
    for priority, calendar, first, triage, resolution in POLICIES:
        policy, created = SlaPolicy.objects.get_or_create(
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
        if created and has_updates and priority in UPDATE_MINUTES:
            policy.update_minutes = UPDATE_MINUTES[priority]
            policy.save(update_fields=["update_minutes"])


def set_update_targets(apps) -> None:
    """Give the default P1/P2 policies their periodic-update target, unless set."""
    SlaPolicy = apps.get_model("slas", "SlaPolicy")
    for priority, minutes in UPDATE_MINUTES.items():
        SlaPolicy.objects.filter(
            organization=None, ticket_type="", priority=priority, update_minutes__isnull=True
        ).update(update_minutes=minutes)
