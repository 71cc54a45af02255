"""bot.metrics.PathwayDeriver: tracker events become a fixed vocabulary, once per conversation."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

from bot.metrics import PathwayDeriver
from reporting.metric_keys import load_vocabulary

SERVICES = {"national-domestic-abuse-helpline", "refuge-somerset"}
AREAS = {"somerset", "bath-ne-somerset"}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def deriver(clock) -> PathwayDeriver:
    return PathwayDeriver(load_vocabulary(), SERVICES.__contains__, AREAS.__contains__,
                          idle_seconds=1800, clock=clock)


def session(sender: str = "web_a") -> Dict[str, Any]:
    return {"sender_id": sender, "event": "session_started"}


def user(intent: str, sender: str = "web_a", **metadata: Any) -> Dict[str, Any]:
    return {"sender_id": sender, "event": "user", "text": None, "metadata": metadata,
            "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "text": None}}


def action(name: str, sender: str = "web_a") -> Dict[str, Any]:
    return {"sender_id": sender, "event": "action", "name": name}


def slot(name: str, value: Any, sender: str = "web_a") -> Dict[str, Any]:
    return {"sender_id": sender, "event": "slot", "name": name, "value": value}


def derive_all(deriver: PathwayDeriver, events: List[Dict[str, Any]]) -> List[str]:
    return [name for event in events for name in deriver.derive(event)]


def test_a_danger_conversation(deriver):
    events = [
        session(),
        action("action_session_start"),
        # turn 1: "he's got a knife" on the web page
        user("immediate_danger", channel="web"),
        slot("channel", "web"),
        action("utter_immediate_danger"),
        action("action_follow_up_danger"),
        # turn 2: "he hits me", named and signposted
        user("describe_physical_abuse", channel="web"),
        action("action_name_abuse"),
        slot("signposted", ["national-domestic-abuse-helpline", "refuge-somerset"]),
        slot("need", "helpline"),
        # turn 3: "how do I hide this chat"
        user("ask_staying_safe_online", channel="web"),
        action("utter_staying_safe_online"),
    ]
    assert derive_all(deriver, events) == [
        "conversation_started",
        "channel:web",
        "danger_response",
        "abuse_type:physical",
        "service_signposted:national-domestic-abuse-helpline",
        "service_signposted:refuge-somerset",
        "safe_exit_guidance",
    ]


def test_each_metric_counts_once_per_conversation(deriver):
    events = [session(), user("need_safe_place_to_stay", channel="sms"),
              user("need_safe_place_to_stay", channel="sms"), action("utter_self_harm"),
              action("utter_self_harm"), slot("signposted", ["national-domestic-abuse-helpline"]),
              slot("signposted", ["national-domestic-abuse-helpline"])]
    assert derive_all(deriver, events) == [
        "conversation_started", "need:safe_place_to_stay", "channel:sms",
        "self_harm_response", "service_signposted:national-domestic-abuse-helpline",
    ]


def test_conversations_are_counted_apart(deriver):
    assert derive_all(deriver, [session("web_a"), action("utter_self_harm", "web_a"),
                                session("web_b"), action("utter_self_harm", "web_b")]) == [
        "conversation_started", "self_harm_response",
        "conversation_started", "self_harm_response",
    ]


def test_a_new_session_counts_again(deriver):
    first = derive_all(deriver, [session(), action("utter_immediate_danger")])
    again = derive_all(deriver, [session(), action("utter_immediate_danger")])
    assert first == again == ["conversation_started", "danger_response"]


def test_a_wiped_conversation_is_forgotten(deriver):
    deriver.derive(action("utter_immediate_danger"))
    deriver.forget("web_a")
    assert deriver.derive(action("utter_immediate_danger")) == ["danger_response"]


def test_an_idle_conversation_is_forgotten(deriver, clock):
    deriver.derive(action("utter_immediate_danger"))
    clock.now += 1801
    assert deriver.derive(action("utter_immediate_danger")) == ["danger_response"]


def test_no_conversation_id_is_remembered(deriver):
    deriver.derive(action("utter_immediate_danger", sender="web_secretid"))
    assert b"web_secretid" not in b"".join(deriver._seen.keys())


@pytest.mark.parametrize(
    "event, expected",
    [
        (slot("area", "somerset"), ["area:somerset"]),
        (slot("area", "none"), []),  # they chose not to say
        (slot("area", "[address], Taunton [postcode]"), []),  # the raw (redacted) text
        (slot("area", None), []),
        (slot("channel", "carrier-pigeon"), []),
        (slot("language", "pl"), ["language:pl"]),
        (slot("language", "xx"), ["language:other"]),
        (user("greet", language="ro"), ["language:ro"]),
        (slot("signposted", ["national-domestic-abuse-helpline", "made-up", 3]),
         ["service_signposted:national-domestic-abuse-helpline"]),
        (slot("signposted", "national-domestic-abuse-helpline"), []),
        (slot("need", "helpline"), []),
        (user("greet"), []),
        (user("nlu_fallback"), []),
        (user("identify_young_person"), ["need:young_people"]),
        (user("describe_financial_abuse"), ["abuse_type:economic"]),
        (action("utter_greet"), []),
        ({"sender_id": "web_a", "event": "bot", "text": None}, []),
        ({"event": "restart"}, []),
    ],
)
def test_only_the_fixed_vocabulary_is_counted(deriver, event, expected):
    assert deriver.derive(event) == expected


def test_real_directory_ids_are_recognised():
    deriver = PathwayDeriver(load_vocabulary())
    assert deriver.derive(slot("area", "central-bedfordshire")) == ["area:central-bedfordshire"]
    assert deriver.derive(slot("signposted", ["national-domestic-abuse-helpline", "nope"])) == [
        "service_signposted:national-domestic-abuse-helpline"
    ]
