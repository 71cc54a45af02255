"""bot.tracker_store: what reaches Redis holds no message text, expires, and can be wiped."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any, Dict, List

import fakeredis
import pytest
import redis
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import RedactingRedisTrackerStore, redact_event

ROOT = Path(__file__).resolve().parents[2]
SENDER = "web_" + "a" * 32
FIRST = "my name is Jane Smith and he hits me"
PLACE = "12 Acacia Avenue, Taunton TA1 2AB, ring 07700 900123 or jane@example.org"
SECRETS = ["Jane", "Smith", "he hits me", "Acacia", "TA1 2AB", "07700", "900123", "jane@"]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


class CollectingBroker:
    def __init__(self, fail: bool = False) -> None:
        self.events: List[Dict[str, Any]] = []
        self.forgotten: List[str] = []
        self.fail = fail

    def publish(self, event: Dict[str, Any]) -> None:
        if self.fail:
            raise RuntimeError("broker down " + json.dumps(event))
        self.events.append(event)

    def forget(self, sender_id: str) -> None:
        self.forgotten.append(sender_id)


def make_store(domain, monkeypatch, broker=None, client=None, idle="120"):
    monkeypatch.setenv("SESSION_IDLE_SECONDS", idle)
    store = RedactingRedisTrackerStore(domain, host="localhost", port="6379", db="0",
                                       password="", event_broker=broker)
    store.red = client or fakeredis.FakeStrictRedis(decode_responses=True)
    return store


def conversation(domain: Domain) -> DialogueStateTracker:
    """A web conversation: a name in the first message, then a place asked for by the form."""
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        # turn 1: the person says who they are and what is happening
        UserUttered(
            FIRST,
            {"name": "describe_physical_abuse", "confidence": 0.93},
            [],
            parse_data={
                "text": FIRST,
                "intent": {"name": "describe_physical_abuse", "confidence": 0.93},
                "intent_ranking": [{"name": "describe_physical_abuse", "confidence": 0.93}],
                "entities": [],
                "response_selector": {"default": {"response": {"responses": [{"text": FIRST}]}}},
            },
            metadata={"channel": "web"},
        ),
        SlotSet("channel", "web"),
        ActionExecuted("action_name_abuse"),
        BotUttered("Being hit ... is physical abuse.",
                   {"buttons": [{"title": "x", "payload": "/y"}]},
                   {"utter_action": "utter_abuse_physical", "name": "Jane"}),
        SlotSet("signposted", ["national-domestic-abuse-helpline"]),
        SlotSet("need", "helpline"),
        ActionExecuted("action_listen"),
        # turn 2: the local help form takes the whole message as the area, then validates it
        UserUttered(
            PLACE,
            {"name": "give_place", "confidence": 0.8},
            [{"entity": "place", "value": PLACE, "start": 0, "end": len(PLACE)}],
            parse_data={"text": PLACE, "intent": {"name": "give_place", "confidence": 0.8},
                        "entities": [{"entity": "place", "value": PLACE}]},
        ),
        SlotSet("area", PLACE),
        SlotSet("area", "somerset"),
        SlotSet("helpline_phone", "0808 2000 247"),
        ActionExecuted("action_listen"),
    ]
    return DialogueStateTracker.from_events(SENDER, events, domain.slots)


def test_nothing_typed_reaches_redis(domain, monkeypatch):
    store = make_store(domain, monkeypatch)
    asyncio.run(store.save(conversation(domain)))
    keys = store.red.keys("*")
    assert keys == [f"safesteps:tracker:{SENDER}"]
    stored = store.red.get(keys[0])
    for secret in SECRETS + [FIRST, PLACE]:
        assert secret not in stored
    events = json.loads(stored)["events"]
    users = [e for e in events if e["event"] == "user"]
    assert all(e["text"] is None and e["parse_data"]["text"] is None for e in users)
    assert "response_selector" not in users[0]["parse_data"]
    bots = [e for e in events if e["event"] == "bot"]
    assert bots == [{**bots[0], "text": None, "data": {},
                     "metadata": {"utter_action": "utter_abuse_physical"}}]


def test_what_the_dialogue_needs_stays(domain, monkeypatch):
    store = make_store(domain, monkeypatch)
    original = conversation(domain)
    asyncio.run(store.save(original))
    restored = asyncio.run(store.retrieve(SENDER))
    assert len(restored.events) == len(original.events)
    assert restored.latest_message.intent["name"] == "give_place"
    assert restored.get_slot("area") == "somerset"
    assert restored.get_slot("channel") == "web"
    assert restored.get_slot("need") == "helpline"
    assert restored.get_slot("signposted") == ["national-domestic-abuse-helpline"]
    assert restored.get_slot("helpline_phone") == "0808 2000 247"  # the domain's own value
    place = restored.latest_message.entities[0]
    assert place["entity"] == "place" and "[postcode]" in place["value"]
    assert "Taunton" in place["value"]  # a town is not a personal detail


def test_the_free_text_slot_value_is_redacted(domain, monkeypatch):
    store = make_store(domain, monkeypatch)
    asyncio.run(store.save(conversation(domain)))
    events = json.loads(store.red.get(f"safesteps:tracker:{SENDER}"))["events"]
    area_values = [e["value"] for e in events if e["event"] == "slot" and e["name"] == "area"]
    assert area_values[0] == "[address], Taunton [postcode], ring [phone] or [email]"
    assert area_values[1] == "somerset"


def test_key_expires_after_the_idle_time(domain, monkeypatch):
    store = make_store(domain, monkeypatch, idle="120")
    assert store.record_exp == 120 and isinstance(store.record_exp, int)
    asyncio.run(store.save(conversation(domain)))
    assert 0 < store.red.ttl(f"safesteps:tracker:{SENDER}") <= 120


def test_idle_time_defaults_to_thirty_minutes(domain, monkeypatch):
    store = make_store(domain, monkeypatch, idle="")
    assert store.record_exp == 1800


@pytest.mark.parametrize("bad", ["90.5", "soon", "0", "-5"])
def test_idle_time_must_be_whole_positive_seconds(domain, monkeypatch, bad):
    with pytest.raises(ValueError, match="SESSION_IDLE_SECONDS"):
        make_store(domain, monkeypatch, idle=bad)


def test_an_empty_tracker_deletes_the_key(domain, monkeypatch):
    broker = CollectingBroker()
    store = make_store(domain, monkeypatch, broker=broker)
    asyncio.run(store.save(conversation(domain)))
    published = len(broker.events)
    asyncio.run(store.save(DialogueStateTracker.from_events(SENDER, [], domain.slots)))
    assert store.red.keys("*") == []
    assert asyncio.run(store.retrieve(SENDER)) is None
    assert broker.forgotten == [SENDER]
    assert len(broker.events) == published  # a wipe is not an event to count


def test_the_broker_gets_new_events_redacted_once(domain, monkeypatch):
    broker = CollectingBroker()
    store = make_store(domain, monkeypatch, broker=broker)
    tracker = conversation(domain)
    asyncio.run(store.save(tracker))
    assert len(broker.events) == len(tracker.events)
    tracker.update(ActionExecuted("utter_immediate_danger"))
    asyncio.run(store.save(tracker))
    assert len(broker.events) == len(tracker.events)
    assert broker.events[-1]["name"] == "utter_immediate_danger"
    assert all(e["sender_id"] == SENDER for e in broker.events)
    dumped = json.dumps(broker.events)
    for secret in SECRETS:
        assert secret not in dumped


def test_a_failing_broker_never_fails_the_save(domain, monkeypatch, caplog):
    store = make_store(domain, monkeypatch, broker=CollectingBroker(fail=True))
    with caplog.at_level(logging.DEBUG):
        asyncio.run(store.save(conversation(domain)))
    assert store.red.keys("*")
    for secret in SECRETS:
        assert secret not in caplog.text


class BrokenRedis:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise redis.exceptions.ConnectionError("Error 111 connecting to localhost:6379.")

        return fail


def test_redis_down_loses_the_turn_quietly(domain, monkeypatch, caplog):
    store = make_store(domain, monkeypatch, client=BrokenRedis())
    with caplog.at_level(logging.DEBUG):
        asyncio.run(store.save(conversation(domain)))  # no exception: no raw in-memory fallback
    assert "tracker not saved: ConnectionError" in caplog.text
    for secret in SECRETS:
        assert secret not in caplog.text


def test_a_wipe_with_redis_down_reports_failure(domain, monkeypatch):
    store = make_store(domain, monkeypatch, client=BrokenRedis())
    with pytest.raises(redis.exceptions.ConnectionError):
        asyncio.run(store.save(DialogueStateTracker.from_events(SENDER, [], domain.slots)))


def test_unknown_event_types_keep_their_shape():
    event = {"event": "active_loop", "name": "local_help_form", "timestamp": 1.0}
    assert redact_event(event) == event


def test_metadata_strings_are_redacted():
    event = {"event": "session_started",
             "metadata": {"note": "call 07700 900123", "channel": "sms"}}
    assert redact_event(event)["metadata"] == {"note": "call [phone]", "channel": "sms"}
