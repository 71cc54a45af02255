"""Opening hours on the Europe/London clock: midnight, Sunday and both clock changes."""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from services_directory.hours import is_open, opens_next
from services_directory.schema import Hours

LONDON = ZoneInfo("Europe/London")
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
EVERY_DAY = [*WEEKDAYS, "sat", "sun"]


def weekly(*intervals):
    return Hours.parse_obj(
        {
            "type": "weekly",
            "intervals": [{"days": d, "open": o, "close": c} for d, o, c in intervals],
        }
    )


def utc(text):
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def local(text):
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


OFFICE = weekly((WEEKDAYS, "09:00", "17:00"))
OVERNIGHT_FRIDAY = weekly((["fri"], "20:00", "08:00"))
NIGHTS = weekly((EVERY_DAY, "20:00", "08:00"))


# 2026-11-27 is a Friday.
@pytest.mark.parametrize(
    "when, expected",
    [
        ("2026-11-27T19:59", False),
        ("2026-11-27T20:00", True),
        ("2026-11-27T23:59", True),
        ("2026-11-28T00:00", True),  # Saturday, but still Friday night's shift
        ("2026-11-28T07:59", True),
        ("2026-11-28T08:00", False),
        ("2026-11-28T21:00", False),  # Saturday evening: not a listed day
        ("2026-11-27T03:00", False),  # Friday early hours belong to Thursday night
    ],
)
def test_interval_across_midnight(when, expected):
    assert is_open(OVERNIGHT_FRIDAY, local(when)) is expected


def test_sunday_night_runs_into_monday():
    hours = weekly((["sun"], "22:00", "02:00"))
    assert is_open(hours, local("2026-11-29T23:00"))  # Sunday
    assert is_open(hours, local("2026-11-30T01:30"))  # Monday early hours
    assert not is_open(hours, local("2026-11-28T23:00"))  # Saturday


def test_closed_on_sunday_and_opens_monday_morning():
    sunday_noon = local("2026-11-29T12:00")
    assert is_open(OFFICE, sunday_noon) is False
    assert opens_next(OFFICE, sunday_noon) == local("2026-11-30T09:00")


def test_sunday_only_hours():
    hours = weekly((["sat", "sun"], "10:00", "16:00"))
    assert is_open(hours, local("2026-11-29T12:00"))
    assert not is_open(hours, local("2026-11-30T12:00"))


def test_always_and_unknown():
    assert is_open(Hours(type="always"), utc("2026-11-29T03:00")) is True
    assert is_open(Hours(type="unknown"), utc("2026-11-29T03:00")) is None
    assert opens_next(Hours(type="unknown"), utc("2026-11-29T03:00")) is None
    assert opens_next(Hours(type="always"), utc("2026-11-29T03:00")) is None


def test_open_service_has_no_next_opening():
    assert opens_next(OFFICE, local("2026-11-30T10:00")) is None


# Clocks go forward at 01:00 UTC on Sunday 29 March 2026 and back at 01:00 UTC on
# Sunday 25 October 2026. The same UTC instant is a different wall-clock hour either side.
@pytest.mark.parametrize(
    "instant, expected",
    [
        ("2026-03-27T08:30", False),  # Friday, GMT: 08:30 local, not yet open
        ("2026-03-30T08:30", True),  # Monday, BST: 09:30 local, open
        ("2026-03-27T16:30", True),  # GMT: 16:30 local
        ("2026-03-30T16:30", False),  # BST: 17:30 local, closed
    ],
)
def test_office_hours_either_side_of_march_change(instant, expected):
    assert is_open(OFFICE, utc(instant)) is expected


@pytest.mark.parametrize(
    "instant, expected",
    [
        ("2026-10-23T16:30", False),  # Friday, BST: 17:30 local, closed
        ("2026-10-26T16:30", True),  # Monday, GMT: 16:30 local, open
        ("2026-10-23T08:30", True),  # BST: 09:30 local
        ("2026-10-26T08:30", False),  # GMT: 08:30 local
    ],
)
def test_office_hours_either_side_of_october_change(instant, expected):
    assert is_open(OFFICE, utc(instant)) is expected


@pytest.mark.parametrize(
    "instant, expected",
    [
        ("2026-03-28T07:30", True),  # Saturday morning, GMT: 07:30 local
        ("2026-03-29T06:30", True),  # the night the clocks go forward: 07:30 BST
        ("2026-03-29T07:30", False),  # 08:30 BST: the night line has closed
        ("2026-10-24T07:30", False),  # 08:30 BST
        ("2026-10-25T07:30", True),  # the night the clocks go back: 07:30 GMT
        ("2026-10-25T08:00", False),  # 08:00 GMT
    ],
)
def test_overnight_line_on_clock_change_nights(instant, expected):
    assert is_open(NIGHTS, utc(instant)) is expected


def test_next_opening_is_on_the_new_clock():
    # Closed on Saturday evening before the March change; opens Monday 09:00 BST.
    nxt = opens_next(OFFICE, utc("2026-03-28T20:00"))
    assert nxt == local("2026-03-30T09:00")
    assert nxt.astimezone(timezone.utc) == utc("2026-03-30T08:00")
    # And after the October change, 09:00 GMT is 09:00 UTC.
    nxt = opens_next(OFFICE, utc("2026-10-24T20:00"))
    assert nxt.astimezone(timezone.utc) == utc("2026-10-26T09:00")


def test_naive_time_means_london_wall_clock():
    assert is_open(OFFICE, datetime(2026, 6, 1, 9, 30)) is True
    assert is_open(OFFICE, datetime(2026, 6, 1, 8, 30)) is False


def test_times_must_be_quoted_strings():
    with pytest.raises(ValueError):
        Hours.parse_obj(
            {"type": "weekly", "intervals": [{"days": ["mon"], "open": 480, "close": "17:00"}]}
        )
