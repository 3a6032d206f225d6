"""Replay the last months of tickets under a proposed policy or calendar; print JSON."""

import json

from django.core.management.base import BaseCommand, CommandError

from helpcenter.reports.backtest import backtest_calendar, backtest_policy
from helpcenter.reports.backtest_forms import hours_from_text
from helpcenter.slas.models import BusinessCalendar, SlaPolicy


class Command(BaseCommand):
    help = (
        "Back-test an SLA policy (--policy ID with --first-response/--triage/--resolution "
        "minutes and/or --calendar ID) or a calendar (--for-calendar ID with --hours JSON "
        "or --always-open) over the last --months of its tickets; prints JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--policy", type=int)
        parser.add_argument("--first-response", type=int, dest="first_response")
        parser.add_argument("--triage", type=int)
        parser.add_argument("--resolution", type=int)
        parser.add_argument("--calendar", type=int, help="run the policy on this calendar")
        parser.add_argument("--for-calendar", type=int, dest="for_calendar")
        parser.add_argument("--hours", help='e.g. {"0": ["08:00-18:00"], ...} (0 = Monday)')
        parser.add_argument("--always-open", action="store_true", dest="always_open")
        parser.add_argument("--months", type=int, default=3)

    def handle(self, *args, **o):
        if not 1 <= o["months"] <= 24:
            raise CommandError("--months must be between 1 and 24")
        if (o["policy"] is None) == (o["for_calendar"] is None):
            raise CommandError("give either --policy or --for-calendar")
        if o["policy"] is not None:
            policy = SlaPolicy.objects.select_related("calendar").filter(pk=o["policy"]).first()
            if policy is None:
                raise CommandError(f"no SLA policy {o['policy']}")
            calendar = None
            if o["calendar"] is not None:
                calendar = BusinessCalendar.objects.filter(pk=o["calendar"]).first()
                if calendar is None:
                    raise CommandError(f"no calendar {o['calendar']}")
            minutes = {
                kind: value
                for kind, value in (
                    ("first_response", o["first_response"]),
                    ("triage", o["triage"]),
                    ("resolution", o["resolution"]),
                )
                if value is not None
            }
            if any(v < 0 for v in minutes.values()):
                raise CommandError("minutes cannot be negative")
            result = backtest_policy(policy, months=o["months"], minutes=minutes, calendar=calendar)
        else:
            row = BusinessCalendar.objects.filter(pk=o["for_calendar"]).first()
            if row is None:
                raise CommandError(f"no calendar {o['for_calendar']}")
            try:
                hours = hours_from_text(o["hours"]) if o["hours"] else None
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            result = backtest_calendar(
                row, months=o["months"], always_open=o["always_open"] or None, hours=hours
            )
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
