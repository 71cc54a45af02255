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


def test_via_service_carries_its_way_in_with_that_lines_own_hours(directory):
    night = {
        m.service.id: m for m in find("idva", "somerset", at=THURSDAY_3AM, directory=directory)
    }
    via = night["local-via"]
    assert via.only_via and via.via.service.id == "local-day"
    assert via.via.phone == "0800 000 0010"
    # The service's own hours stay unknown: the line's hours are the line's.
    assert via.open_now is None and not via.always_open
    assert via.via.open_now is False and via.can_start_now is False
    day = {m.service.id: m for m in find("idva", "somerset", at=THURSDAY_3PM, directory=directory)}
    assert day["local-via"].open_now is None and day["local-via"].via.open_now is True
    assert day["local-via"].can_start_now is True


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
    assert first.via.phone == "0808 2000 247" and first.via.always_open
    assert first.via.name.startswith("National Domestic Abuse Helpline")
    assert first.open_now is None and not first.always_open


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


@pytest.mark.parametrize(
    "service_id",
    [
        "crush-programme",
        "central-bedfordshire-relay",
        "southside-idva",
        "central-bedfordshire-idva",
    ],
)
def test_shipped_via_entries_never_show_the_helplines_hours_as_their_own(service_id):
    service = get_service(service_id)
    area = service.audience.areas[0]
    for at in (THURSDAY_3AM, THURSDAY_3PM):
        match = next(m for m in find(service.needs[0], area, at=at) if m.service.id == service_id)
        assert match.only_via and match.hours_from_via
        assert match.via.phone == "0808 2000 247" and match.via.always_open
        assert not match.always_open and match.open_now is None


def test_a_man_sees_the_mens_advice_line_and_not_only_womens_services():
    men = {"gender": "men"}
    for need in ("helpline", "male_victims"):
        found = [m.service.id for m in find(need, audience=men)]
        assert "mens-advice-line" in found, need
        assert all(get_service(s).audience.gender != "women" for s in found)
    # The national helpline says it is for women and anyone calling about a woman.
    assert "national-domestic-abuse-helpline" not in [
        m.service.id for m in find("helpline", audience=men)
    ]
    # Local services reached only through that helpline are not doors for him.
    assert "southside-idva" not in [m.service.id for m in find("idva", "Bath", audience=men)]


def test_a_woman_asking_about_sexual_violence_in_somerset_sees_the_womens_line():
    for place in ("Yeovil", "Bath"):
        found = [m.service.id for m in find("sexual_violence", place, audience={"gender": "woman"})]
        assert "sarsas-women-girls" in found and "sarsas-men-boys" not in found
        assert "the-greenhouse" not in found
        assert get_service(found[0]).audience.gender in ("any", "women")


def test_when_nobody_has_said_who_they_are_the_womens_line_comes_before_the_mens():
    found = [m.service.id for m in find("sexual_violence", "Bath", channel="sms")]
    assert found.index("sarsas-women-girls") < found.index("sarsas-men-boys")
    assert found[0] == "the-bridge-sarc"  # for anyone, with a number


def test_a_15_year_old_sees_childline_and_young_peoples_services_not_adult_only_ones():
    teen = {"age": 15}
    young = [m.service.id for m in find("young_people", "Taunton", audience=teen)]
    assert "childline" in young and "sidas-ypva" in young
    assert young.index("sidas-ypva") < young.index("childline")  # local first
    sexual = [m.service.id for m in find("sexual_violence", "Taunton", audience=teen)]
    assert "rape-crisis-247-support-line" not in sexual  # 16 and over
    girl = [
        m.service.id
        for m in find("young_people", "Taunton", audience={"age": 15, "gender": "girl"})
    ]
    assert "the-greenhouse" not in girl  # boys 13-18
    boy = [
        m.service.id
        for m in find("sexual_violence", "Taunton", audience={"age": 15, "gender": "boy"})
    ]
    assert "the-greenhouse" in boy
    adult = [m.service.id for m in find("young_people", "Taunton", audience={"age": 30})]
    assert "childline" not in adult and "the-greenhouse" not in adult


def test_sms_lists_only_services_with_a_number_to_call_or_text():
    for need in ("sexual_violence", "legal", "emotional_support", "young_people"):
        for place in (None, "Taunton", "Bath", "Leighton Buzzard"):
            for match in find(need, place, channel="sms"):
                contact = match.service.contact
                via_number = match.via is not None and (match.via.phone or match.via.text)
                assert contact.phone or contact.text or via_number, match.service.id
    web = [m.service.id for m in find("sexual_violence", "Taunton", channel="web")]
    assert "somerset-isva" in web  # through the Somerset Survivors website
    sms = [m.service.id for m in find("sexual_violence", "Taunton", channel="sms")]
    assert "somerset-isva" not in sms
    with pytest.raises(ValueError):
        find("helpline", channel="fax")


def test_the_forced_marriage_unit_carries_its_number_from_abroad():
    match = next(m for m in find("forced_marriage") if m.service.id == "forced-marriage-unit")
    assert match.service.contact.phone_from_abroad == "+44 20 7008 0151"
    assert "+44 20 7008 0151" in match.service.what_to_expect


def test_deaf_and_disabled_people_get_relay_and_999_by_text_with_the_register_step():
    found = {m.service.id: m.service for m in find("disability", channel="sms")}
    assert found["relay-uk"].contact.phone.startswith("18001 0808 2000 247")
    sms = found["emergency-sms"].contact.text
    assert sms.startswith("999 ") and "register" in sms  # never "text 999" alone
    assert found["emergency-sms"].contact.text_number == "999"


def test_every_need_tag_except_substance_use_and_tech_safety_has_a_service():
    from services_directory import NEEDS

    # No source names a drink/drugs service or a tech-safety one: the helpline covers them.
    missing = [n for n in NEEDS if not find(n, "Taunton").matches and not find(n, "Bath").matches]
    assert sorted(missing) == ["substance_use", "tech_safety"]
