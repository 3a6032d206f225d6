"""The policy a new ticket runs under is always the current row, though a process keeps
copies of policy rows: an edited policy or calendar, a new or a deleted policy and a
closed day added are seen by the very next lookup."""

from __future__ import annotations

import datetime as dt

import time_machine

from helpcenter.slas.models import BusinessCalendar, ClosedDay, SlaPolicy
from helpcenter.slas.policies import find_policy, target_specs

MOMENT = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)


def lookup(world, ticket_type="request"):
    return find_policy(organization_id=world.org_a.pk, ticket_type=ticket_type, priority="P3")


def test_each_lookup_sees_the_rows_as_they_are_now(world):
    # A frozen clock moved a second per edit: each edit stamps a new updated_at.
    with time_machine.travel(MOMENT, tick=False) as clock:
        default = lookup(world)
        assert default is not None and default.organization_id is None
        assert lookup(world) is not default  # each caller gets its own copy
        business = BusinessCalendar.objects.get(always_open=False)

        clock.shift(1)
        mine = SlaPolicy.objects.create(
            name="Org A requests P3",
            organization=world.org_a,
            ticket_type="request",
            priority="P3",
            calendar=business,
            first_response_minutes=30,
            triage_minutes=60,
            resolution_minutes=120,
        )
        assert lookup(world).pk == mine.pk
        assert lookup(world, "incident").pk == default.pk

        clock.shift(1)
        mine.first_response_minutes = 15
        mine.save()
        assert lookup(world).first_response_minutes == 15

        clock.shift(1)
        before = target_specs(lookup(world))["resolution"].calendar
        assert dt.date(2026, 12, 1) not in before.extra_closed
        ClosedDay.objects.create(calendar=business, date=dt.date(2026, 12, 1), name="Local")
        after = target_specs(lookup(world))["resolution"].calendar
        assert after.extra_closed[dt.date(2026, 12, 1)] == "Local"

        clock.shift(1)
        mine.delete()
        assert lookup(world).pk == default.pk
