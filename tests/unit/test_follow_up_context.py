"""bot.follow_up_context: a follow-up is also read with the message before it (in memory only)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker

from bot import follow_up_context
from bot.components import is_typed
from bot.follow_up_context import IN_CONTEXT_KEY, RecentMessages, in_context_output

SENDER = "web_" + "c" * 32


def selector(key: str, confidence: float, text: str = "an answer's words") -> dict:
    """ResponseSelector's output as Rasa puts it in parse data (with the answer's text)."""
    return {"question": {
        "response": {"intent_response_key": key, "confidence": confidence,
                     "responses": [{"text": text}], "utter_action": f"utter_{key}"},
        "ranking": [{"id": 1, "intent_response_key": key, "confidence": confidence}]}}


class ScriptedProcessor:
    """Reads `follow_up` alone as `alone` (with `alone_intent`); any other text as `other`.

    `alone` and `other` are (answer key, confidence); the other reading carries its text.
    """

    def __init__(self, follow_up: str, alone_intent: str, alone: tuple, other: tuple) -> None:
        self.follow_up, self.alone_intent, self.alone, self.other = (
            follow_up, alone_intent, alone, other)
        self.read: list = []

    async def parse_message(self, message, tracker=None):
        self.read.append(message.text)
        if message.text == self.follow_up:
            return {"text": message.text, "intent": {"name": self.alone_intent},
                    "response_selector": selector(*self.alone)}
        return {"text": message.text, "intent": {"name": "question"},
                "response_selector": selector(*self.other, message.text)}


def FakeProcessor() -> ScriptedProcessor:  # noqa: N802 (reads as the class it was)
    """Reads "what now" alone as unsure; read after the niece's message, as friend_went_back."""
    return ScriptedProcessor("what now", "nlu_fallback", ("question/friend_what_to_say", 0.12),
                             ("question/friend_went_back", 0.95))


@pytest.fixture
def recent(monkeypatch):
    memory = RecentMessages()
    monkeypatch.setattr(follow_up_context, "RECENT", memory)
    handled = []

    async def original(self, message, tracker):
        handled.append(message.parse_data)

    monkeypatch.setitem(follow_up_context._ORIGINAL, "handle", original)
    return SimpleNamespace(memory=memory, handled=handled)


def handle(processor, text: str, sender: str = SENDER) -> None:
    message = UserMessage(text, sender_id=sender)
    tracker = DialogueStateTracker.from_events(sender, [])
    asyncio.run(follow_up_context._handle_message_with_context(processor, message, tracker))


def test_a_follow_up_carries_the_answers_read_with_the_message_before(recent):
    processor = FakeProcessor()
    handle(processor, "my niece was in a refuge and now shes back with him")
    handle(processor, "what now")
    first, follow_up = recent.handled
    assert IN_CONTEXT_KEY not in first["response_selector"]
    in_context = follow_up["response_selector"][IN_CONTEXT_KEY]
    assert in_context["response"]["intent_response_key"] == "question/friend_went_back"
    # The message alone is still what the intent and the plain pick come from.
    assert follow_up["intent"]["name"] == "nlu_fallback"
    assert follow_up["response_selector"]["question"]["response"]["confidence"] == 0.12
    assert processor.read[-1] == "my niece was in a refuge and now shes back with him. what now"


def test_the_joined_reading_keeps_no_text(recent):
    processor = FakeProcessor()
    handle(processor, "my niece was in a refuge and now shes back with him")
    handle(processor, "what now")
    in_context = recent.handled[-1]["response_selector"][IN_CONTEXT_KEY]
    assert "niece" not in repr(in_context) and "an answer" not in repr(in_context)


def test_a_button_is_not_read_with_context_and_does_not_replace_it(recent):
    processor = FakeProcessor()
    handle(processor, "my niece was in a refuge and now shes back with him")
    handle(processor, '/question{"asked": "question/friend_went_back"}')
    assert recent.handled[-1] is None  # Rasa parses the payload itself
    assert recent.memory.get(SENDER) == "my niece was in a refuge and now shes back with him"


def test_a_statement_or_a_sure_question_is_read_once(recent):
    processor = FakeProcessor()
    handle(processor, "my niece was in a refuge and now shes back with him")
    handle(processor, "he took her phone as well")  # asks nothing
    handle(processor, "will she be ok")  # FakeProcessor is sure of it alone (0.95)
    assert all(IN_CONTEXT_KEY not in data["response_selector"] for data in recent.handled)
    assert len(processor.read) == 3


def test_a_fairly_sure_follow_up_is_still_read_with_the_message_before(recent):
    # "that" is the order the solicitor named, not the helpline (blind round 28)
    # alone, the helpline's cost at 0.55; read after the court order, legal aid at 0.69
    processor = ScriptedProcessor("how much will that cost me", "question",
                                  ("question/helpline_cost_and_hours", 0.55),
                                  ("question/legal_aid", 0.69))
    handle(processor, "solicitor says to apply for the non mol")
    handle(processor, "how much will that cost me")
    in_context = recent.handled[-1]["response_selector"][IN_CONTEXT_KEY]
    assert in_context["response"]["intent_response_key"] == "question/legal_aid"


def test_conversations_do_not_share_context(recent):
    processor = FakeProcessor()
    handle(processor, "my niece was in a refuge and now shes back with him", sender="web_a")
    handle(processor, "what now", sender="web_b")
    assert IN_CONTEXT_KEY not in recent.handled[-1]["response_selector"]


def test_held_messages_expire_are_bounded_and_forgotten():
    clock = [0.0]
    memory = RecentMessages(ttl_s=600, max_conversations=2, clock=lambda: clock[0])
    memory.put("a", "one")
    memory.put("b", "two")
    memory.put("c", "three")
    assert memory.get("a") is None and len(memory) == 2
    memory.forget("b")
    assert memory.get("b") is None
    clock[0] = 601
    assert memory.get("c") is None and len(memory) == 0


def test_a_wipe_forgets_the_held_message(monkeypatch):
    from rasa.shared.core.domain import Domain

    from bot.tracker_store import RedactingInMemoryTrackerStore
    from generated.domain import load_whole_domain

    memory = RecentMessages()
    monkeypatch.setattr(follow_up_context, "RECENT", memory)
    memory.put(SENDER, "he hits me")
    domain = Domain.from_dict(load_whole_domain())
    store = RedactingInMemoryTrackerStore(domain)
    asyncio.run(store.save(DialogueStateTracker.from_events(SENDER, [], domain.slots)))
    assert memory.get(SENDER) is None


@pytest.mark.parametrize("text, typed", [("what now", True), ("  ", False), ("", False),
                                         ("/ask_more_services", False)])
def test_only_typed_messages_count(text, typed):
    assert is_typed(text) is typed


def test_no_output_without_a_ranking():
    assert in_context_output({"response_selector": {}}) is None


def test_the_wrapper_is_in_force_where_our_components_load():
    import bot.components  # noqa: F401  (installs it)

    assert MessageProcessor._handle_message_with_tracker is (
        follow_up_context._handle_message_with_context)
