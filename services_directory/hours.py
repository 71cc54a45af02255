"""Opening hours evaluated on the Europe/London wall clock, across midnight and DST."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from .schema import DAYS, Hours

LONDON = ZoneInfo("Europe/London")


def to_london(at: datetime | None = None) -> datetime:
    """Return `at` (default: now) as an aware Europe/London datetime."""
    if at is None:
        return datetime.now(LONDON)
    if at.tzinfo is None:
        # A naive time can only sensibly mean the wall clock where the services are.
        return at.replace(tzinfo=LONDON)
    return at.astimezone(LONDON)


def parse_hhmm(text: str) -> time:
    """Parse "HH:MM" into a time."""
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def is_open(hours: Hours, at: datetime | None = None) -> bool | None:
    """Return whether a service is open at `at`; None when its hours are unknown."""
    if hours.type == "always":
        return True
    if hours.type == "unknown":
        return None
    local = to_london(at)
    # Compare wall-clock times: published hours follow the clock on the wall, so on the
    # days the clocks change an 8pm-8am line still opens at 8pm local time.
    now = local.time().replace(tzinfo=None)
    today = DAYS[local.weekday()]
    yesterday = DAYS[(local.weekday() - 1) % 7]
    for interval in hours.intervals:
        opens, closes = parse_hhmm(interval.open), parse_hhmm(interval.close)
        if opens < closes:
            if today in interval.days and opens <= now < closes:
                return True
        else:
            # Runs past midnight: the evening part belongs to the listed day, the early
            # morning part to the day after it.
            if today in interval.days and now >= opens:
                return True
            if yesterday in interval.days and now < closes:
                return True
    return False


def opens_next(hours: Hours, at: datetime | None = None) -> datetime | None:
    """Return when a closed service next opens (Europe/London), or None if open or unknown."""
    if hours.type != "weekly" or is_open(hours, at):
        return None
    local = to_london(at)
    now_utc = local.astimezone(timezone.utc)
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        starts = sorted(
            parse_hhmm(i.open) for i in hours.intervals if DAYS[day.weekday()] in i.days
        )
        for start in starts:
            # The UTC round trip moves a start inside the spring-forward gap to real time.
            candidate = datetime.combine(day, start, tzinfo=LONDON)
            candidate = candidate.astimezone(timezone.utc)
            if candidate > now_utc:
                return candidate.astimezone(LONDON)
    return None
