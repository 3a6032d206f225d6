"""Demo data for `make run`: two client organizations, their services, one of each role.

Idempotent: running it again changes nothing that exists.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from helpcenter.accounts.models import Organization, User
from helpcenter.accounts.roles import Role
from helpcenter.catalog.models import Service

DEMO_PASSWORD = "demo-helpcenter"

PEOPLE: list[tuple[str, str, str, str | None]] = [
    ("admin@helpcenter.example", "Ana Admin", Role.ADMIN, None),
    ("gerente@helpcenter.example", "Gabriel Gerente", Role.MANAGER, None),
    ("agente@helpcenter.example", "Alice Agente", Role.AGENT, None),
    ("agente2@helpcenter.example", "Bruno Plantão", Role.AGENT, None),
    ("cliente@acme.example", "Carla Cliente", Role.CLIENT, "Acme Logística"),
    ("colega@acme.example", "Caio Colega", Role.CLIENT, "Acme Logística"),
    ("admin@acme.example", "Otávio Org-Admin", Role.CLIENT_ADMIN, "Acme Logística"),
    ("cliente@beta.example", "Beatriz Beta", Role.CLIENT, "Beta Varejo"),
]
SERVICES = {
    "Acme Logística": ["Portal de Rastreamento", "API de Fretes", "ERP Integração"],
    "Beta Varejo": ["Loja Virtual", "Gateway de Pagamentos"],
}


class Command(BaseCommand):
    help = "Load demo organizations, services and one user of each role (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        manager = None
        for email, name, role, _org in PEOPLE:  # staff first: organizations need the manager
            if role in (Role.ADMIN, Role.MANAGER, Role.AGENT):
                user = User.objects.filter(email=email).first() or User.objects.create_user(
                    email,
                    DEMO_PASSWORD,
                    full_name=name,
                    role=role,
                    is_staff=role == Role.ADMIN,
                    is_superuser=role == Role.ADMIN,
                )
                if role == Role.MANAGER:
                    manager = user
        for name_of_org, services in SERVICES.items():
            org, _created = Organization.objects.get_or_create(
                name=name_of_org, defaults={"relationship_manager": manager}
            )
            for service in services:
                Service.objects.get_or_create(organization=org, name=service)
        for email, name, role, org_name in PEOPLE:
            if org_name is not None and not User.objects.filter(email=email).exists():
                User.objects.create_user(
                    email,
                    DEMO_PASSWORD,
                    full_name=name,
                    role=role,
                    organization=Organization.objects.get(name=org_name),
                )
        self.stdout.write(f"demo data ready; every demo login uses the password {DEMO_PASSWORD!r}")
