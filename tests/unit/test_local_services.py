"""Asked for local help in words ("is there anyone local"): ActionListLocalServices."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

import services_directory
from actions.local_services import ActionListLocalServices
from generated.domain import load_whole_domain
from tests.support.trackers import tracker_after

DOMAIN = load_whole_domain()
SERVICE_RESPONSES = {"utter_service_through", "utter_service_always_open",
                     "utter_service_open_now", "utter_service_closed_now",
                     "utter_service_hours_unknown"}
BASE = {"channel": "web", "area": None, "need": None, "local_help_offered": False}


def asked_for_local(slots: dict):
    t = tracker_after("ask_more_services", "is there anyone local", {**BASE, **slots},
                      [{"entity": "help_scope", "value": "local"}])
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionListLocalServices().run(dispatcher, t, DOMAIN))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def listed(messages) -> list:
    return [m["name"] for m in messages if m["response"] in SERVICE_RESPONSES]


def local_ids(area: str) -> set:
    return {s.id for s in services_directory.load_directory().services
            if s.audience.areas != "national" and area in s.audience.areas}


def test_a_town_given_before_brings_only_its_local_doors():
    # "were in taunton" in the first message, then "is there anyone local": the safety
    # plan had started, as if it were a yes to its offer.
    messages, slots = asked_for_local({"area": "somerset", "pathway": "describe_coercive_control"})
    names = listed(messages)
    assert names, "local doors are listed"
    assert set(slots["signposted"]) <= local_ids("somerset")
    assert messages[0]["response"] == "utter_services_intro_local_only"


def test_local_doors_are_listed_again_when_asked_though_shown_before():
    shown = sorted(local_ids("somerset"))
    messages, _ = asked_for_local({"area": "somerset", "pathway": "describe_coercive_control",
                                   "shown_services": shown, "signposted": shown})
    assert listed(messages)
    assert "utter_services_above" not in [m["response"] for m in messages]


def test_no_local_door_for_the_need_says_so_and_lists_the_areas_abuse_services():
    # Central Bedfordshire's list has no local door for economic abuse (the route's
    # need is the helpline) but has its IDVA service, reached through the helpline.
    messages, slots = asked_for_local({"area": "central-bedfordshire",
                                       "pathway": "describe_financial_abuse"})
    assert messages[0]["response"] == "utter_no_local_for_this_but_area"
    assert "central-bedfordshire-idva" in slots["signposted"]


def test_no_area_known_asks_where_and_opens_the_offer():
    messages, slots = asked_for_local({"pathway": "describe_physical_abuse"})
    assert [m["response"] for m in messages] == ["utter_ask_area"]
    assert slots == {"local_help_offered": True}


def test_a_skipped_area_asked_again_asks_where():
    messages, slots = asked_for_local({"area": "none", "pathway": "describe_physical_abuse"})
    assert [m["response"] for m in messages] == ["utter_ask_area"]


def test_a_place_we_do_not_list_gets_the_routes_national_lines():
    messages, slots = asked_for_local({"area": services_directory.ELSEWHERE,
                                       "pathway": "describe_physical_abuse"})
    assert messages[0]["response"] == "utter_area_outside"
    assert "National Domestic Abuse Helpline" in " ".join(listed(messages))
    assert slots["signposted"] and not set(slots["signposted"]) & local_ids("somerset")


def test_a_man_outside_our_areas_gets_the_mens_line_not_the_womens_helpline():
    # The same fault as in an area we cover with nothing local: "im in leeds" then
    # "anything near me" named only 0808 2000 247, a line for women.
    messages, _ = asked_for_local({"area": services_directory.ELSEWHERE, "gender": "men",
                                   "pathway": "identify_male_victim"})
    assert messages[0]["response"] == "utter_area_outside"
    names = " ".join(listed(messages))
    assert "Men's Advice Line" in names, names


@pytest.mark.parametrize("channel", ["web", "sms"])
def test_every_reply_has_a_way_to_reach_a_person(channel):
    for slots in ({"area": "somerset"}, {"area": "central-bedfordshire"},
                  {"area": "bath-ne-somerset"},
                  {"area": "bath-ne-somerset", "pathway": "worried_about_own_behaviour"}):
        messages, _ = asked_for_local({**slots, "channel": channel})
        assert listed(messages) or any(
            "{helpline_phone}" in DOMAIN["responses"][m["response"]][0]["text"]
            for m in messages), slots


def test_a_risk_mentioned_earlier_puts_999_before_the_local_doors():
    # "hes off on his brothers stag do on the 14th and thats my chance to go", then "who
    # sorts out a roof over my head round here": the local doors came with no 999.
    t = tracker_after("ask_more_services", "is there anyone local",
                      {**BASE, "area": "somerset", "pathway": "describe_emotional_abuse"},
                      [{"entity": "help_scope", "value": "local"}])
    t.events = [{"event": "session_started"},
                {"event": "user", "parse_data": {"entities": [
                    {"entity": "risk", "value": "separation"}]}},
                {"event": "user", "parse_data": {"entities": []}}]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionListLocalServices().run(dispatcher, t, DOMAIN))
    assert dispatcher.messages[0]["response"] == "utter_danger_first"
    assert listed(dispatcher.messages)


def test_no_risk_no_999_line_before_the_local_doors():
    messages, _ = asked_for_local({"area": "somerset", "pathway": "describe_emotional_abuse"})
    assert messages[0]["response"] == "utter_services_intro_local_only"


def test_a_man_with_nothing_local_gets_the_mens_line_not_the_womens_helpline():
    # "im a bloke and my wife hits me, im in leighton buzzard", then "anything else near
    # me": the reply named only 0808 2000 247, a line for women.
    messages, slots = asked_for_local({"area": "central-bedfordshire", "gender": "men",
                                       "pathway": "identify_male_victim"})
    assert messages[0]["response"] == "utter_no_local_for_this"
    names = " ".join(listed(messages))
    assert "Men's Advice Line" in names, names
    assert "utter_no_local_at_all" not in [m["response"] for m in messages]


def asked_for_local_with(text: str, answer: str, confidence: float, slots: dict):
    t = tracker_after("ask_more_services", text, {**BASE, **slots},
                      [{"entity": "help_scope", "value": "local"}])
    t.latest_message["response_selector"] = {"question": {"response": {
        "intent_response_key": answer, "confidence": confidence}}}
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionListLocalServices().run(dispatcher, t, DOMAIN))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_a_local_ask_that_asks_one_thing_gets_its_answer_before_the_doors():
    # "hes kicked my dog before ... were in bridgwater", then "are there places near here
    # that let dogs in with you": the local doors alone (the pets answer scored 0.38).
    messages, slots = asked_for_local_with(
        "are there places near here that let dogs in with you", "question/refuge_with_pets",
        0.38, {"area": "somerset", "pathway": "describe_physical_abuse"})
    responses = [m["response"] for m in messages]
    assert responses[0] == "utter_question/refuge_with_pets"
    assert listed(messages)
    assert slots["last_answer"] == "question/refuge_with_pets"


def test_a_local_ask_gets_no_answer_its_ranker_is_unsure_of():
    messages, _ = asked_for_local_with("is there anyone local", "question/how_to_report", 0.12,
                                       {"area": "somerset", "pathway": "describe_physical_abuse"})
    assert not any(m["response"].startswith("utter_question/") for m in messages)
    assert listed(messages)


def test_with_no_town_known_the_answer_comes_and_the_reply_asks_where():
    messages, slots = asked_for_local_with(
        "any refuges round here that take kids", "question/refuge_with_children", 0.7,
        {"pathway": "need_safe_place_to_stay"})
    assert [m["response"] for m in messages] == [
        "utter_question/refuge_with_children", "utter_ask_area"]
    assert slots["local_help_offered"] is True
