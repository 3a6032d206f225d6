"""Due-time computations per second on the business-hours calendar, vs businesstimedelta.

Goal (issue: SLA engine): >= 200,000 computations/s on one core, and >= 10x
the `businesstimedelta` package on the same cases in the same run.
Run: .venv/bin/python bench/sla.py [N]
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sla.calendar import Calendar, Interval  # noqa: E402
from sla.holidays_provider import public_holidays  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
TZ = ZoneInfo("America/Sao_Paulo")
GOAL_RATE = 200_000
GOAL_RATIO = 10.0


def cases(n: int) -> list[tuple[datetime, timedelta]]:
    rng = random.Random(42)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    targets = [timedelta(hours=h) for h in (1, 2, 24, 48)]
    return [
        (base + timedelta(seconds=rng.randrange(0, 2 * 365 * 86400)), rng.choice(targets))
        for _ in range(n)
    ]


def ours(data) -> tuple[float, list[datetime]]:
    cal = Calendar(
        "America/Sao_Paulo",
        {d: (Interval(480, 1080),) for d in range(5)},
        holidays=public_holidays("BR"),
    )
    cal.add(data[0][0], data[0][1])  # build the year tables outside the timing
    add = cal.add
    t0 = time.perf_counter()
    out = [add(start, duration) for start, duration in data]
    return time.perf_counter() - t0, out


def theirs(data) -> tuple[float, list[datetime]]:
    import datetime as dt

    import businesstimedelta as btd
    import holidays as hol
    import pytz

    tz = pytz.timezone("America/Sao_Paulo")

    workday = btd.WorkDayRule(
        start_time=dt.time(8), end_time=dt.time(18), working_days=[0, 1, 2, 3, 4], tz=tz
    )
    br = btd.HolidayRule(hol.country_holidays("BR", years=range(2025, 2030)), tz=tz)
    rule = btd.Rules([workday, br])
    t0 = time.perf_counter()
    out = []
    for start, duration in data:
        local = start.astimezone(tz)
        out.append(local + btd.BusinessTimeDelta(rule, hours=int(duration.total_seconds() // 3600)))
    return time.perf_counter() - t0, out


def main() -> None:
    data = cases(N)
    runs = [ours(data) for _ in range(5)]
    ours_s = statistics.median(r[0] for r in runs)
    rate = N / ours_s
    sample = data[: max(N // 20, 1000)]
    their_runs = [theirs(sample) for _ in range(3)]
    their_s = statistics.median(r[0] for r in their_runs) * (N / len(sample))
    # Agreement on the sampled cases (businesstimedelta counts whole hours only).
    mine = runs[0][1][: len(sample)]
    agree = sum(a == b for a, b in zip(mine, their_runs[0][1], strict=True)) / len(sample)
    print(
        f"due-time computations: {N:,} random openings, business hours America/Sao_Paulo + BR holidays"
    )
    print(
        f"  helpcenter sla      : {rate:>12,.0f} /s   (median of 5)   goal >= {GOAL_RATE:,} /s   {'OK' if rate >= GOAL_RATE else 'MISSED'}"
    )
    print(
        f"  businesstimedelta   : {N / their_s:>12,.0f} /s   (median of 3, on {len(sample):,} of the cases)"
    )
    ratio = their_s / ours_s
    print(
        f"  ratio               : {ratio:>12.1f} x   goal >= {GOAL_RATIO:.0f} x   {'OK' if ratio >= GOAL_RATIO else 'MISSED'}"
    )
    print(f"  same answer on      : {agree:>12.1%} of the sampled cases")


if __name__ == "__main__":
    main()
