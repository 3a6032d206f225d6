"""The SLA engine: calendars and working-time arithmetic. Pure Python, no Django.

- `Calendar`: weekly opening hours in a time zone, minus closed dates.
- `Calendar.add(start, duration)`: the instant when `duration` of working time
  has elapsed after `start`.
- `Calendar.between(a, b)`: working time between two instants.
- `clocks.evaluate(...)`: the state of a ticket's SLA targets from its history.
"""

from sla.calendar import Calendar, Interval, always_open
from sla.clocks import ClockResult, Segment, Span, TargetSpec, evaluate

__all__ = [
    "Calendar",
    "ClockResult",
    "Interval",
    "Segment",
    "Span",
    "TargetSpec",
    "always_open",
    "evaluate",
]
