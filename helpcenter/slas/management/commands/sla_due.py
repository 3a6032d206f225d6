"""What-if: the due instants a ticket opened at a given moment would get.

python manage.py sla_due --priority P3 --opened-at 2026-11-27T17:30:00-03:00
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

from helpcenter.accounts.models import Organization
from helpcenter.core.choices import Priority, TicketType
from helpcenter.core.forms import is_id
from helpcenter.slas.models import ClockKind
from helpcenter.slas.policies import find_policy, target_specs

KEYS = {
    ClockKind.FIRST_RESPONSE: "first_response_due",
    ClockKind.TRIAGE: "triage_due",
    ClockKind.RESOLUTION: "resolution_due",
}


class UsageError(Exception):
    pass


class Command(BaseCommand):
    help = "Print the SLA due instants (UTC, ISO 8601) for a ticket opened at a given instant."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--priority", required=True, help="P1, P2, P3, P4 or planned")
        parser.add_argument("--opened-at", required=True, help="ISO 8601 with offset")
        parser.add_argument("--type", default="incident", help="incident or request")
        parser.add_argument("--organization", default=None, help="organization id or exact name")

    def fail(self, message: str) -> NoReturn:
        self.stderr.write(f"sla_due: error: {message}")
        sys.exit(2)

    def handle(self, *args, **options) -> None:
        priority = options["priority"]
        if priority not in Priority.values:
            priority_upper = priority.upper()
            if priority_upper in Priority.values:
                priority = priority_upper
            else:
                self.fail(f"unknown priority {priority!r} (use {', '.join(Priority.values)})")
        if options["type"] not in TicketType.values:
            self.fail(f"unknown type {options['type']!r} (use {', '.join(TicketType.values)})")
        try:
            opened = datetime.fromisoformat(options["opened_at"])
        except ValueError:
            self.fail(f"--opened-at is not an ISO 8601 instant: {options['opened_at']!r}")
        if opened.tzinfo is None or opened.utcoffset() is None:
            self.fail("--opened-at needs a UTC offset, e.g. 2026-11-27T17:30:00-03:00")
        organization_id = None
        if options["organization"]:
            ref = options["organization"]
            org = (
                Organization.objects.filter(pk=int(ref)).first()
                if is_id(ref)
                else Organization.objects.filter(name=ref).first()
            )
            if org is None:
                self.fail(f"unknown organization {ref!r}")
            organization_id = org.pk
        policy = find_policy(
            organization_id=organization_id, ticket_type=options["type"], priority=priority
        )
        if policy is None:
            self.fail(f"no SLA policy for {priority} {options['type']}")
        specs = target_specs(policy)
        result: dict[str, str | None] = dict.fromkeys(KEYS.values())
        for kind, key in KEYS.items():
            spec = specs.get(str(kind))
            if spec is not None:
                due = spec.calendar.add(opened, spec.duration)
                result[key] = due.astimezone(UTC).isoformat()
        self.stdout.write(json.dumps(result))

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            self.fail(str(exc))
