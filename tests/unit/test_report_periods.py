"""reporting.periods: months of whole ISO weeks, published only once they have ended."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from reporting import metric_keys
from reporting.periods import (
    MAX_MONTHS,
    Month,
    PeriodError,
    latest_complete,
    months_between,
    requested_months,
)

FRIDAY = date(2026, 12, 4)  # December 2026 (ISO weeks 49-53) is under way


def test_every_iso_week_belongs_to_exactly_one_month_and_months_follow_on():
    months = months_between(Month(2019, 12), Month(2031, 1))
    weeks = [week for month in months for week in month.weeks]
    assert len(weeks) == len(set(weeks))
    assert weeks == metric_keys.weeks_between(months[0].first_day, months[-1].last_day)
    for month, following in zip(months, months[1:], strict=False):
        assert following.first_day == month.last_day + timedelta(days=1)
        assert month.first_day.weekday() == 0 and month.last_day.weekday() == 6
        assert len(month.weeks) in (4, 5)


@pytest.mark.parametrize("month, weeks, first_day, last_day", [
    (Month(2026, 1), ("2026-W01", "2026-W05"), date(2025, 12, 29), date(2026, 2, 1)),
    (Month(2026, 3), ("2026-W10", "2026-W13"), date(2026, 3, 2), date(2026, 3, 29)),
    (Month(2026, 12), ("2026-W49", "2026-W53"), date(2026, 11, 30), date(2027, 1, 3)),
])
def test_a_month_is_the_weeks_whose_thursday_falls_in_it(month, weeks, first_day, last_day):
    assert (month.weeks[0], month.weeks[-1]) == weeks
    assert (month.first_day, month.last_day) == (first_day, last_day)


@pytest.mark.parametrize("today, latest", [
    (date(2026, 12, 4), Month(2026, 11)),
    (date(2026, 11, 30), Month(2026, 11)),  # Monday: November's last Sunday was yesterday
    (date(2026, 11, 29), Month(2026, 10)),  # Sunday: November's last week is still going
    (date(2027, 1, 3), Month(2026, 11)),  # December ends on 3 January 2027
    (date(2027, 1, 4), Month(2026, 12)),
])
def test_the_latest_month_published_has_ended_before_today(today, latest):
    assert latest_complete(today) == latest
    assert latest.last_day < today


@pytest.mark.parametrize("start, end, labels", [
    ("2026-01-01", "2026-03-31", ["2026-01", "2026-02", "2026-03"]),  # a quarter, by dates
    ("2026-01", "2026-03", ["2026-01", "2026-02", "2026-03"]),
    ("2026-02-17", "2026-02-18", ["2026-02"]),  # any days map to their whole month
    (None, None, ["2026-09", "2026-10", "2026-11"]),
    ("2026-10", None, ["2026-10", "2026-11"]),
    (None, "2026-05", ["2026-03", "2026-04", "2026-05"]),
])
def test_a_request_gets_whole_months(start, end, labels):
    assert [m.label for m in requested_months(start, end, FRIDAY)] == labels


@pytest.mark.parametrize("start, end, message", [
    ("2026-12", None, "2026-12 has not ended yet (it ends on 2027-01-03)"),
    (None, "2026-12-04", "The latest is 2026-11."),
    ("2027-02", "2027-03", "2027-03 has not ended yet"),
    ("2026-03", "2026-01", "'from' (2026-03) is after 'to' (2026-01)."),
    ("2023-11", "2026-11", f"Ask for {MAX_MONTHS} months or fewer."),
    ("2026-1", None, "'2026-1' is not a month or a date"),
    ("2026-00", None, "is not a month or a date"),
    ("last week", None, "is not a month or a date"),
])
def test_a_period_that_cannot_be_published_says_why(start, end, message):
    with pytest.raises(PeriodError, match=re.escape(message)):
        requested_months(start, end, FRIDAY)


def test_up_to_three_years_of_months_are_allowed():
    assert len(requested_months("2023-12", "2026-11", FRIDAY)) == MAX_MONTHS == 36
