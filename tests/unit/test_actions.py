"""Custom actions, run with a real rasa_sdk Tracker and CollectingDispatcher."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import actions.signposting as signposting
import services_directory
from actions.local_help_form import ValidateLocalHelpForm
from actions.pathways import load_pathways
from actions.signposting import ActionNameAbuse, ActionSignpostNeed

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
LONDON = ZoneInfo("Europe/London")
THURSDAY_3PM = datetime(2026, 11, 26, 15, 0, tzinfo=LONDON)
THURSDAY_3AM = datetime(2026, 11, 26, 3, 0, tzinfo=LONDON)
PATHWAYS = load_pathways()
SERVICE_RESPONSES = {
    "utter_service_always_open",
    "utter_service_open_now",
    "utter_service_closed_now",
    "utter_service_hours_unknown",
}


def tracker(
    intent: str, slots: dict | None = None, entities: list | None = None, text: str = ""
) -> Tracker:
    """A tracker whose latest user message has this intent."""
    return Tracker(
        sender_id="test",
        slots={
            "channel": None,
            "area": None,
            "need": None,
            "local_help_offered": False,
            **(slots or {}),
        },
        latest_message={
            "intent": {"name": intent, "confidence": 0.9},
            "entities": entities or [],
            "text": text,
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action, t: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, DOMAIN))
    return dispatcher.messages, events


@pytest.fixture(autouse=True)
def afternoon(monkeypatch):
    """Thursday 3pm in London unless a test says otherwise."""
    monkeypatch.setattr(signposting, "now_in_london", lambda: THURSDAY_3PM)


def services_in(messages):
    return [m for m in messages if m["response"] in SERVICE_RESPONSES]


@pytest.mark.parametrize("intent", sorted(PATHWAYS.abuse))
def test_each_abuse_is_named_then_signposted(intent):
    messages, events = run(ActionNameAbuse(), tracker(intent))
    # turn: the abuse is named first, in its own words from domain.yml
    assert messages[0]["response"] == PATHWAYS.abuse[intent].response
    assert messages[0]["response"] in DOMAIN["responses"]
    listed = services_in(messages)
    assert 1 <= len(listed) <= PATHWAYS.max_services
    for entry in listed:
        assert entry["name"] and entry["contact"] and entry["what_to_expect"]
    assert SlotSet("need", PATHWAYS.abuse[intent].needs[0]) in events


@pytest.mark.parametrize("intent", sorted(PATHWAYS.needs))
def test_each_need_is_routed_to_a_service_for_that_need(intent):
    messages, events = run(ActionSignpostNeed(), tracker(intent))
    assert messages[0]["response"] == PATHWAYS.needs[intent].response
    listed = services_in(messages)
    assert listed, f"no service listed for {intent}"
    wanted = set(PATHWAYS.needs[intent].needs)
    names = {s.name: s for s in services_directory.load_directory().services}
    assert any(wanted & set(names[e["name"]].needs) for e in listed)


def test_no_place_given_offers_local_help_without_demanding_it():
    messages, events = run(ActionSignpostNeed(), tracker("need_safe_place_to_stay"))
    assert messages[-1]["response"] == "utter_offer_local"
    assert "don't have to tell me" in DOMAIN["responses"]["utter_offer_local"][0]["text"]
    assert SlotSet("local_help_offered", True) in events


def test_refuge_in_taunton_lists_local_first_and_keeps_a_national_door():
    messages, events = run(
        ActionSignpostNeed(),
        tracker(
            "give_place",
            slots={"need": "refuge"},
            entities=[{"entity": "place", "value": "Taunton"}],
            text="i'm in Taunton",
        ),
    )
    assert SlotSet("area", "somerset") in events
    assert any(m["response"] == "utter_services_intro_local" for m in messages)
    listed = services_in(messages)
    by_name = {s.name: s for s in services_directory.load_directory().services}
    areas = [by_name[e["name"]].audience.areas for e in listed]
    assert "somerset" in areas[0]
    assert any("national" in a for a in areas), "a national line must stay in the reply"
    assert not any(m["response"] == "utter_offer_local" for m in messages)


def test_a_postcode_district_resolves_to_its_area():
    _, events = run(
        ActionSignpostNeed(),
        tracker(
            "give_place", slots={"need": "idva"}, entities=[{"entity": "place", "value": "BA2"}]
        ),
    )
    assert SlotSet("area", "bath-ne-somerset") in events


def test_unknown_place_says_so_and_sets_nothing():
    messages, events = run(
        ActionSignpostNeed(),
        tracker("give_place", entities=[{"entity": "place", "value": "Narnia"}], text="Narnia"),
    )
    assert [m["response"] for m in messages] == ["utter_area_not_found"]
    assert events == []


def test_open_now_is_right_for_the_time(monkeypatch):
    t = tracker("need_someone_to_talk_to", slots={"area": "somerset"})
    day, _ = run(ActionSignpostNeed(), t)
    monkeypatch.setattr(signposting, "now_in_london", lambda: THURSDAY_3AM)
    night, _ = run(ActionSignpostNeed(), t)
    sidas = services_directory.get_service("sidas-helpline")
    status = {m["name"]: m["response"] for m in services_in(day)}
    assert status[sidas.name] == "utter_service_open_now"
    status = {m["name"]: m["response"] for m in services_in(night)}
    assert status[sidas.name] == "utter_service_closed_now"
    helpline = services_directory.get_service(services_directory.HELPLINE_ID)
    assert status[helpline.name] == "utter_service_always_open"


def test_sms_replies_carry_no_web_addresses():
    for intent in [*PATHWAYS.needs, *PATHWAYS.abuse]:
        action = ActionNameAbuse() if intent in PATHWAYS.abuse else ActionSignpostNeed()
        messages, _ = run(action, tracker(intent, slots={"channel": "sms", "area": "somerset"}))
        for entry in services_in(messages):
            assert "http" not in entry["contact"] and "www." not in entry["contact"], entry


def test_phone_numbers_in_replies_come_from_the_directory():
    messages, _ = run(ActionSignpostNeed(), tracker("identify_male_victim"))
    mens = services_directory.get_service("mens-advice-line")
    assert any(mens.contact.phone in m["contact"] for m in services_in(messages))


def test_after_a_skipped_form_nothing_is_repeated():
    messages, events = run(
        ActionSignpostNeed(), tracker("deny", slots={"area": "none", "need": "refuge"})
    )
    assert messages == [] and events == []


@pytest.mark.parametrize(
    "typed, area",
    [
        ("BA2", "bath-ne-somerset"),
        ("taunton", "somerset"),
        ("dunstible", "central-bedfordshire"),
        ("skip", "none"),
        ("none", "none"),
    ],
)
def test_local_help_form_resolves_or_skips(typed, area):
    dispatcher = CollectingDispatcher()
    result = ValidateLocalHelpForm().validate_area(
        typed, dispatcher, tracker("give_place", text=typed), DOMAIN
    )
    assert result["area"] == area


def test_local_help_form_asks_again_for_an_unknown_place():
    dispatcher = CollectingDispatcher()
    result = ValidateLocalHelpForm().validate_area(
        "Narnia", dispatcher, tracker("give_place"), DOMAIN
    )
    assert result == {"area": None}
    assert dispatcher.messages[0]["response"] == "utter_area_not_found"


def danger_tracker(ranking):
    t = tracker("immediate_danger")
    t.latest_message["intent_ranking"] = ranking
    return t


def test_after_a_danger_reply_the_abuse_the_classifier_heard_is_named():
    from actions.signposting import ActionFollowUpDanger

    ranking = [
        {"name": "immediate_danger", "confidence": 1.0},
        {"name": "describe_physical_abuse", "confidence": 0.83},
    ]
    messages, _ = run(ActionFollowUpDanger(), danger_tracker(ranking))
    assert messages[0]["response"] == "utter_abuse_physical"
    assert services_in(messages)


@pytest.mark.parametrize(
    "ranking",
    [
        [
            {"name": "immediate_danger", "confidence": 1.0},
            {"name": "describe_physical_abuse", "confidence": 0.4},
        ],
        [{"name": "immediate_danger", "confidence": 0.97}, {"name": "greet", "confidence": 0.02}],
        [{"name": "self_harm", "confidence": 1.0}, {"name": "immediate_danger", "confidence": 0.9}],
        [],
    ],
)
def test_after_a_danger_reply_nothing_more_is_said_when_unsure(ranking):
    from actions.signposting import ActionFollowUpDanger

    messages, events = run(ActionFollowUpDanger(), danger_tracker(ranking))
    assert messages == [] and events == []


def test_a_helpline_request_does_not_list_lines_for_other_needs():
    messages, _ = run(
        ActionSignpostNeed(), tracker("need_someone_to_talk_to", slots={"area": "somerset"})
    )
    names = {m["name"] for m in services_in(messages)}
    fgm = services_directory.get_service("nspcc-fgm-helpline")
    assert fgm.name not in names
