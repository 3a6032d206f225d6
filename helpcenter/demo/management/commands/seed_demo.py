"""Demo data for `make run`: two client organizations, their services, one of each role.

Idempotent: running it again changes nothing that exists.
"""

from django.apps import apps as django_apps
from django.core.management.base import BaseCommand
from django.db import transaction

from helpcenter.accounts.models import Organization, User
from helpcenter.accounts.roles import Role
from helpcenter.catalog.models import Service
from helpcenter.slas.defaults import ensure_default_contract

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
        ensure_default_contract(django_apps)
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
        self._oncall_and_canned()
        self._tickets()
        self.stdout.write(f"demo data ready; every demo login uses the password {DEMO_PASSWORD!r}")

    def _oncall_and_canned(self) -> None:
        from datetime import datetime, timedelta
        from zoneinfo import ZoneInfo

        from django.conf import settings

        from helpcenter.console.models import CannedResponse
        from helpcenter.oncall.models import Rota, RotaMember

        zone = ZoneInfo(settings.TIME_ZONE)
        today = datetime.now(zone).date()
        monday = today - timedelta(days=today.weekday())
        rota, created = Rota.objects.get_or_create(
            name="Plantão Hiperstream",
            defaults={"anchor": datetime(monday.year, monday.month, monday.day, 8, tzinfo=zone)},
        )
        if created:
            for position, email in enumerate(
                ["agente@helpcenter.example", "agente2@helpcenter.example"]
            ):
                RotaMember.objects.create(
                    rota=rota, user=User.objects.get(email=email), position=position
                )
        canned = [
            (
                "pt-br",
                "Recebemos e estamos analisando",
                "Olá {requester.name},\n\nRecebemos o {ticket.number} e já estamos "
                "analisando. Retornamos em breve.\n\n{agent.name}\nSuporte Hiperstream",
            ),
            (
                "pt-br",
                "Precisamos de mais informações",
                "Olá {requester.name},\n\nPara seguir com o {ticket.number}, pode nos "
                "enviar o horário aproximado do problema e um print da mensagem de erro?"
                "\n\n{agent.name}",
            ),
            (
                "en",
                "Received, looking into it",
                "Hello {requester.name},\n\nWe received {ticket.number} and are looking "
                "into it. We will be back to you shortly.\n\n{agent.name}\nHiperstream Support",
            ),
            (
                "en",
                "We need more information",
                "Hello {requester.name},\n\nTo go on with {ticket.number}, could you send us "
                "the approximate time of the problem and a screenshot of the error message?"
                "\n\n{agent.name}",
            ),
        ]
        for language, title, body in canned:
            CannedResponse.objects.get_or_create(
                title=title, defaults={"body": body, "language": language}
            )

    def _tickets(self) -> None:
        from helpcenter.tickets import actions
        from helpcenter.tickets.models import Ticket

        if Ticket.objects.exists():
            return
        client = User.objects.get(email="cliente@acme.example")
        organization = client.organization
        if organization is None:
            return
        agent = User.objects.get(email="agente@helpcenter.example")
        services = {s.name: s for s in Service.objects.filter(organization=organization)}
        actions.open_ticket(
            organization=organization,
            requester=client,
            actor=client,
            type="request",
            priority="P3",
            service=services["ERP Integração"],
            title="Novo campo no relatório de fretes",
            description="Precisamos do campo 'transportadora' no relatório mensal de fretes.",
        )
        urgent = actions.open_ticket(
            organization=organization,
            requester=client,
            actor=client,
            type="incident",
            priority="P2",
            service=services["API de Fretes"],
            title="API de fretes lenta",
            description="Chamadas à cotação levam mais de 20 s desde as 09:00.",
        )
        actions.triage_ticket(
            urgent,
            ticket_type="incident",
            priority="P2",
            service=services["API de Fretes"],
            assignee=agent,
            actor=agent,
        )
        actions.add_reply(urgent, body="Estamos investigando a latência da API.", actor=agent)
