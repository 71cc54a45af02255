"""The gateway's conversation bounds: turn cap with a kind restart, one turn at a time."""

from __future__ import annotations

import asyncio

import pytest

from webhook.conversation import ConversationBusy, Conversations
from webhook.store import MemoryStore


class FakeRasa:
    def __init__(self, delay: float = 0.0) -> None:
        self.sent: list = []
        self.wiped: list = []
        self.delay = delay
        self.in_flight = 0
        self.max_in_flight = 0

    async def send(self, sender_id, text, metadata=None):
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        await asyncio.sleep(self.delay)
        self.in_flight -= 1
        self.sent.append((sender_id, text))
        return [{"text": f"reply to {text}"}]

    async def wipe(self, sender_id):
        self.wiped.append(sender_id)
        return True

    async def close(self):
        pass


def conversations(rasa, store=None, **kwargs):
    defaults = dict(max_turns=3, idle_ttl_s=60, restart_notice="fresh start", max_waiting=3)
    return Conversations(rasa, store or MemoryStore(), **{**defaults, **kwargs})


def test_the_turn_after_the_cap_restarts_kindly_and_is_still_answered():
    rasa = FakeRasa()
    c = conversations(rasa)

    async def talk():
        return [await c.send("a", f"m{i}") for i in range(1, 6)]

    replies = asyncio.run(talk())
    assert [r[0]["text"] for r in replies[:3]] == ["reply to m1", "reply to m2", "reply to m3"]
    # turn 4 crosses the cap: the conversation is wiped, then m4 is answered in a fresh one
    assert replies[3] == [{"text": "fresh start"}, {"text": "reply to m4"}]
    assert rasa.wiped == ["a"]
    assert replies[4] == [{"text": "reply to m5"}]  # turn 2 of the fresh conversation


def test_caps_are_per_conversation():
    rasa = FakeRasa()
    c = conversations(rasa)

    async def talk():
        for i in range(3):
            await c.send("a", f"a{i}")
        return await c.send("b", "b0")

    assert asyncio.run(talk()) == [{"text": "reply to b0"}]
    assert rasa.wiped == []


def test_one_senders_messages_reach_rasa_one_at_a_time_in_order():
    rasa = FakeRasa(delay=0.05)
    c = conversations(rasa, max_turns=100)

    async def burst():
        await asyncio.gather(*(c.send("a", f"m{i}") for i in range(3)))

    asyncio.run(burst())
    assert rasa.max_in_flight == 1
    assert [t for _, t in rasa.sent] == ["m0", "m1", "m2"]


def test_a_burst_beyond_the_queue_is_refused_not_queued_forever():
    rasa = FakeRasa(delay=0.05)
    c = conversations(rasa, max_turns=100, max_waiting=2)

    async def burst():
        return await asyncio.gather(
            *(c.send("a", f"m{i}") for i in range(4)), return_exceptions=True
        )

    results = asyncio.run(burst())
    assert sum(isinstance(r, ConversationBusy) for r in results) == 2
    assert len(rasa.sent) == 2


def test_different_senders_run_in_parallel():
    rasa = FakeRasa(delay=0.05)
    c = conversations(rasa, max_turns=100)

    async def burst():
        await asyncio.gather(*(c.send(f"s{i}", "hi") for i in range(4)))

    asyncio.run(burst())
    assert rasa.max_in_flight == 4


class BrokenStore(MemoryStore):
    async def incr(self, key, ttl_s):
        raise ConnectionError("redis down")

    async def delete(self, *keys):
        raise ConnectionError("redis down")


def test_a_broken_counter_never_costs_a_reply():
    rasa = FakeRasa()
    c = conversations(rasa, store=BrokenStore())
    assert asyncio.run(c.send("a", "hi")) == [{"text": "reply to hi"}]
    assert asyncio.run(c.wipe("a")) is True


@pytest.mark.parametrize("response", ["utter_conversation_restarted", "utter_safety_fallback"])
def test_gateway_texts_offer_999_and_the_helpline(response):
    from webhook.safety import gateway_text

    text = gateway_text(response)
    assert "999" in text and "0808 2000 247" in text and "{" not in text


def test_the_safety_reply_gives_the_silent_solution():
    from webhook.safety import safety_reply

    assert "999" in safety_reply() and "55" in safety_reply()
