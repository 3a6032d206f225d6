"""Exact wall-clock -> UTC conversion over any IANA zone, gaps and folds included."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def offset_at(tz: ZoneInfo, utc_seconds: float) -> float:
    """UTC offset in seconds in force at the UTC instant `utc_seconds`."""
    moment = EPOCH + timedelta(seconds=utc_seconds)
    offset = moment.astimezone(tz).utcoffset()
    # A ZoneInfo always has an offset; the fallback is for the type checker.
    return offset.total_seconds() if offset is not None else 0.0  # pragma: no mutate


def offset_pieces(tz: ZoneInfo, start: float, end: float) -> list[tuple[float, float, float]]:
    """Split the UTC range [start, end) into pieces of constant offset.

    Transitions are located to the second by bisection. A range is at most a
    few days long here, which never holds two transitions that cancel out.
    """
    pieces: list[tuple[float, float, float]] = []

    def split(a: float, b: float, off_a: float, off_b: float) -> None:
        if off_a == off_b or b - a <= 1:
            pieces.append((a, b, off_a))
            return
        mid = float(int((a + b) / 2))
        if mid <= a or mid >= b:  # pragma: no mutate  (mid == a only when b - a <= 1)
            pieces.append((a, b, off_a))
            return
        off_mid = offset_at(tz, mid)
        split(a, mid, off_a, off_mid)
        split(mid, b, off_mid, off_b)

    # Sample every 6 hours so that a transition between the ends is always bracketed.
    step = 6 * 3600.0
    points = [start]
    while points[-1] + step < end:
        points.append(points[-1] + step)
    points.append(end)
    offsets = [offset_at(tz, p) for p in points[:-1]] + [offset_at(tz, end - 1e-6)]
    for i in range(len(points) - 1):
        split(points[i], points[i + 1], offsets[i], offsets[i + 1])
    merged: list[tuple[float, float, float]] = []
    for piece in pieces:
        if merged and merged[-1][2] == piece[2] and merged[-1][1] == piece[0]:
            merged[-1] = (merged[-1][0], piece[1], piece[2])
        else:
            merged.append(piece)
    return merged
