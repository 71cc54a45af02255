"""Search: local before national, open before closed, audience filters, shipped data."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from services_directory import find, get_service, load_directory
from services_directory.schema import NATIONAL

LONDON = ZoneInfo("Europe/London")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "directory"
THURSDAY_3PM = datetime(2026, 11, 26, 15, 0, tzinfo=LONDON)
THURSDAY_3AM = datetime(2026, 11, 26, 3, 0, tzinfo=LONDON)


@pytest.fixture(scope="module")
def directory():
    return load_directory(FIXTURES / "search")


def ids(result):
    return [m.service.id for m in result]


def test_local_before_national_when_both_open(directory):
    result = find("helpline", "somerset", at=THURSDAY_3PM, directory=directory)
    order = ids(result)
    assert order.index("local-day") < order.index("nat-always")
    assert order.index("local-unknown") < order.index("nat-unknown")
    # Local first even when its hours are unknown: the right local door first time.
    assert order.index("local-unknown") < order.index("nat-always")
    assert result.local_available is True


def test_local_first_then_open_before_closed_within_each(directory):
    result = find("helpline", "somerset", at=THURSDAY_3AM, directory=directory)
    order = ids(result)
    # Local doors first (unknown hours before closed), then national (open first).
    assert order.index("local-unknown") < order.index("local-day")
    assert order.index("local-day") < order.index("nat-always")
    assert order.index("nat-always") < order.index("nat-unknown")
    assert order[-1] == "nat-weekdays"  # the closed national line comes last
    closed = result[order.index("local-day")]
    assert closed.open_now is False
    assert closed.opens_next == datetime(2026, 11, 26, 8, 0, tzinfo=LONDON)


def test_match_flags(directory):
    by_id = {
        m.service.id: m for m in find("helpline", "somerset", at=THURSDAY_3PM, directory=directory)
    }
    assert by_id["nat-always"].always_open and by_id["nat-always"].open_now
    assert not by_id["nat-always"].local and by_id["local-day"].local
    assert by_id["nat-unknown"].open_now is None and not by_id["nat-unknown"].always_open
    assert by_id["local-day"].open_now is True and not by_id["local-day"].always_open


def test_via_service_follows_its_helplines_hours(directory):
    night = {
        m.service.id: m for m in find("idva", "somerset", at=THURSDAY_3AM, directory=directory)
    }
    via = night["local-via"]
    assert via.via.id == "local-day" and via.hours_from_via
    assert via.open_now is False
    day = find("idva", "somerset", at=THURSDAY_3PM, directory=directory)
    assert {m.service.id: m.open_now for m in day}["local-via"] is True


def test_no_area_gives_national_and_says_if_local_exists(directory):
    result = find("helpline", at=THURSDAY_3PM, directory=directory)
    assert all(m.service.audience.areas == NATIONAL for m in result)
    assert result.area is None and result.local_available is True
    idva = find("idva", at=THURSDAY_3PM, directory=directory)
    assert len(idva) == 0 and idva.local_available is True
    assert find("fgm", directory=directory).local_available is False


def test_other_areas_local_services_are_not_shown(directory):
    result = find("helpline", "bath-ne-somerset", at=THURSDAY_3PM, directory=directory)
    assert not any(m.local for m in result)
    assert result.local_available is False


def test_area_can_be_a_town_or_postcode(directory):
    assert find("helpline", "Tauton", directory=directory).area == "somerset"
    assert find("helpline", "TA1 1AA", directory=directory).area == "somerset"
    assert find("helpline", "Atlantis", directory=directory).area is None


def test_audience_filters(directory):
    men = ids(find("helpline", audience={"gender": "male"}, directory=directory))
    assert "nat-women" not in men
    women = ids(find("helpline", audience={"gender": "woman"}, directory=directory))
    assert "nat-women" in women
    unsure = ids(find("helpline", audience={"gender": "non-binary"}, directory=directory))
    assert "nat-women" in unsure  # unknown gender filters nothing out
    assert "nat-teen" not in ids(find("helpline", audience={"age": 30}, directory=directory))
    assert "nat-teen" in ids(find("helpline", audience={"age": 15}, directory=directory))


def test_default_time_is_now():
    assert find("helpline").at.tzinfo is not None


def test_unknown_need_is_an_error(directory):
    with pytest.raises(ValueError):
        find("wellbeing", directory=directory)


# The shipped data.


def test_shipped_somerset_helpline_daytime_and_night():
    day = find("helpline", "Taunton", at=THURSDAY_3PM)
    assert day[0].service.id == "sidas-helpline"
    night = find("helpline", "Taunton", at=THURSDAY_3AM)
    # The local line still comes first, marked closed; the 24/7 national line is next
    # among national services, so a reply listing both shows the open door too.
    national = [m for m in night if not m.local]
    assert national[0].service.id == "national-domestic-abuse-helpline"
    assert national[0].always_open
    sidas = next(m for m in night if m.service.id == "sidas-helpline")
    assert sidas.open_now is False
    assert sidas.opens_next == datetime(2026, 11, 26, 8, 0, tzinfo=LONDON)


def test_shipped_bath_idva_goes_through_the_national_helpline():
    result = find("idva", "BA2 4AB", at=THURSDAY_3AM)
    first = result[0]
    assert first.service.id == "southside-idva"
    assert first.via.contact.phone == "0808 2000 247"
    assert first.open_now is True and first.hours_from_via


def test_shipped_every_need_with_local_services_says_so():
    assert find("refuge").local_available
    assert [m.service.id for m in find("refuge")] == ["national-domestic-abuse-helpline"]


def test_get_service_and_cached_load():
    assert get_service("samaritans").contact.phone == "116 123"
    assert get_service("no-such-service") is None
    assert load_directory() is load_directory()


def test_no_refuge_has_an_address():
    for service in load_directory().services:
        if "refuge" in service.needs:
            assert "address" not in service.dict()
            assert "address" not in service.contact.dict()
