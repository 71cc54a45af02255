"""The fixed periods figures are published for: whole months of ISO weeks that have ended.

Counts are kept per ISO week (`metrics:2026-W48`), and an ISO week can straddle two
calendar months, so a month here is the ISO weeks whose Thursday falls in it (the rule
ISO 8601 uses to give a week to a year). Every week belongs to exactly one month, so the
months cut time into fixed, non-overlapping periods. A month is published only once its
last Sunday has passed in England: the current month, still being counted, never is.

A request names a first and a last month (`2026-01`, or any date in it: `2026-01-15`);
it gets those months, whole, or a `PeriodError` whose message says why not.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from reporting import metric_keys

WORDS_PATH = Path(__file__).with_name("words.yml")
DEFAULT_MONTHS = 3  # a quarter, the communications plan's usual period
MAX_MONTHS = 36  # counts expire after 156 weeks


@functools.lru_cache(maxsize=1)
def load_words(path: Path = WORDS_PATH) -> Dict:
    """Reads reporting/words.yml, every sentence the report shows."""
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


class PeriodError(ValueError):
    """A requested period that cannot be published; the message says why, for the asker."""

    def __init__(self, reason: str, **values: object) -> None:
        super().__init__(load_words()["periods"][reason].format(**values))


@dataclass(frozen=True, order=True)
class Month:
    """One fixed reporting period: the ISO weeks whose Thursday falls in a calendar month."""

    year: int
    month: int

    @property
    def label(self) -> str:
        """`2026-01`."""
        return f"{self.year}-{self.month:02d}"

    @property
    def name(self) -> str:
        """`January 2026`."""
        return f"{date(self.year, self.month, 1):%B %Y}"

    @property
    def thursdays(self) -> Tuple[date, ...]:
        """The Thursdays of the month: one per ISO week the month is made of."""
        first = date(self.year, self.month, 1)
        thursday = first + timedelta(days=(3 - first.weekday()) % 7)
        days = []
        while thursday.month == self.month:
            days.append(thursday)
            thursday += timedelta(days=7)
        return tuple(days)

    @property
    def weeks(self) -> Tuple[str, ...]:
        """The ISO week labels the month is made of, e.g. `2026-W01` ... `2026-W05`."""
        return tuple(metric_keys.week_label(day) for day in self.thursdays)

    @property
    def first_day(self) -> date:
        """The Monday the month's first week starts."""
        return self.thursdays[0] - timedelta(days=3)

    @property
    def last_day(self) -> date:
        """The Sunday the month's last week ends."""
        return self.thursdays[-1] + timedelta(days=3)

    def next(self) -> "Month":
        """The month after."""
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> "Month":
        """The month before."""
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    @classmethod
    def of_day(cls, day: date) -> "Month":
        """The month whose ISO weeks include a day (by the Thursday of its week)."""
        thursday = day + timedelta(days=3 - day.weekday())
        return cls(thursday.year, thursday.month)

    @classmethod
    def parse(cls, text: str) -> "Month":
        """`2026-01`, or a date read as its calendar month (`2026-03-31` is March)."""
        try:
            if len(text) == 7:
                year, month = (int(part) for part in text.split("-"))
                day = date(year, month, 1)
            else:
                day = date.fromisoformat(text)
        except ValueError:
            raise PeriodError("not_a_month", value=text[:20]) from None
        return cls(day.year, day.month)


def latest_complete(today: date) -> Month:
    """The latest month whose last week ended before today."""
    month = Month.of_day(today)
    while month.last_day >= today:
        month = month.previous()
    return month


def months_between(first: Month, last: Month) -> List[Month]:
    """Every month from first to last, both included."""
    months, month = [], first
    while month <= last:
        months.append(month)
        month = month.next()
    return months


def requested_months(
    start: Optional[str], end: Optional[str], today: Optional[date] = None
) -> List[Month]:
    """The whole, ended months a request asks for; by default the last three.

    Args:
        start: the first month (`YYYY-MM`, or a date in it), or None.
        end: the last month, likewise, or None for the latest month that has ended.
        today: today in England (tests pass one).

    Returns:
        The months, oldest first.

    Raises:
        PeriodError: a month that is not one, a backwards period, a month that has not
            ended, or more than MAX_MONTHS months.
    """
    latest = latest_complete(today or metric_keys.today())
    last = Month.parse(end) if end else latest
    if start:
        first = Month.parse(start)
    else:
        first = last
        for _ in range(DEFAULT_MONTHS - 1):
            first = first.previous()
    unfinished = max(first, last)
    if unfinished > latest:
        raise PeriodError("not_complete", month=unfinished.label, latest=latest.label,
                          last_day=unfinished.last_day.isoformat())
    if first > last:
        raise PeriodError("backwards", first=first.label, last=last.label)
    if (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
        raise PeriodError("too_long", max_months=MAX_MONTHS)
    return months_between(first, last)
