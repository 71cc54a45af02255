"""Wipes and what is kept: FORGET/STOP leave nothing, a wipe waits for and stops turns in
flight, a replayed SMS does nothing, and the memory store never grows past its cap."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.unit.sms_fakes import (
    FakeRasa,
    build_client,
    current_sender_id,
    make_settings,
    messages_of,
    on_first_turn,
    post_signed,
    sms_text,
    stored_items,
    twilio_params,
)
from webhook.app import create_app
from webhook.conversation import Conversations, ConversationWiped, tombstone_key
from webhook.rasa_client import RasaClient
from webhook.sms.config import REPLY_TTL_S
from webhook.store import MemoryStore, StoreFull


class SlowRasa:
    def __init__(self, delay_s: float) -> None:
        self.delay_s = delay_s
        self.events: list = []

    async def send(self, sender_id, text, metadata=None):
        self.events.append(("start", text))
        await asyncio.sleep(self.delay_s)
        self.events.append(("end", text))
        return [{"text": "ok"}]

    async def wipe(self, sender_id):
        self.events.append(("wipe", sender_id))
        return True

    async def close(self):
        pass


def conversations(rasa, store=None) -> Conversations:
    return Conversations(rasa, store or MemoryStore(), max_turns=100, idle_ttl_s=60,
                         restart_notice="fresh start")


def test_a_wipe_waits_for_the_turn_at_rasa_and_drops_the_ones_waiting():
    rasa = SlowRasa(0.1)
    bot = conversations(rasa)

    async def scenario():
        in_flight = asyncio.create_task(bot.send("web_a", "first"))
        waiting = asyncio.create_task(bot.send("web_a", "second"))
        await asyncio.sleep(0.02)  # "first" is at Rasa, "second" waits for the lock
        wiped = await bot.wipe("web_a")
        results = await asyncio.gather(in_flight, waiting, return_exceptions=True)
        after = await bot.send("web_a", "sent after the wipe")
        return wiped, results, after

    wiped, results, after = asyncio.run(scenario())
    assert wiped is True
    assert results[0] == [{"text": "ok"}]
    assert isinstance(results[1], ConversationWiped)  # it would have brought it back
    # The wipe came after the turn in flight finished, and nothing of "second" reached Rasa.
    assert rasa.events[:3] == [("start", "first"), ("end", "first"), ("wipe", "web_a")]
    assert ("start", "second") not in rasa.events
    assert after == [{"text": "ok"}]  # a new message starts a new conversation


def test_the_tombstone_stops_a_message_waiting_in_another_gateway():
    store = MemoryStore()
    rasa = SlowRasa(0.1)
    this_gateway, other_gateway = conversations(rasa, store), conversations(rasa, store)

    async def scenario():
        in_flight = asyncio.create_task(other_gateway.send("web_b", "first"))
        await asyncio.sleep(0.02)
        waiting = asyncio.create_task(other_gateway.send("web_b", "second"))
        await asyncio.sleep(0.01)
        await this_gateway.wipe("web_b")
        return await asyncio.gather(in_flight, waiting, return_exceptions=True)

    results = asyncio.run(scenario())
    assert isinstance(results[1], ConversationWiped)


def test_forget_deletes_every_key_the_conversation_left(store):
    rasa = FakeRasa()
    rasa.replies = [{"text": "What helps?", "buttons": [{"title": "Talk", "payload": "/affirm"}]}]
    with build_client(rasa, store) as client:
        for body in ("hi", "ENGLISH", "1", "thanks"):
            sms_text(client, body)
        sender = current_sender_id(store)
        assert any(sender in key for key in stored_items(store))
        before = {key: value for key, value in stored_items(store).items() if "reply:" in key}
        assert len(before) == 4  # each reply's TwiML, cached for Twilio's retries
        sms_text(client, "FORGET")
        left = stored_items(store)
    # Nothing names the conversation; a tombstone (a hash of its id) stays a minute.
    assert not [key for key in left if sender in key or sender in left[key]]
    assert len([key for key in left if key.endswith(tombstone_key(sender))]) == 1
    # The cached replies are gone; what is left is FORGET's own (generic) reply.
    replies = [value for key, value in left.items() if "reply:" in key]
    assert all(value not in before.values() for value in replies)
    assert len(replies) == 1 and "What helps?" not in replies[0]


def test_a_replay_after_the_reply_cache_expired_does_nothing(rasa):
    now = [1000.0]
    store = MemoryStore(clock=lambda: now[0])
    with build_client(rasa, store) as client:
        params = twilio_params("hello", sid="SM" + "7" * 32)
        assert messages_of(post_signed(client, params)) == on_first_turn("Hello there.")
        now[0] += REPLY_TTL_S + 1
        replay = post_signed(client, params)
    assert replay.status_code == 200
    assert messages_of(replay) == []
    assert len(rasa.sent) == 1


def test_the_memory_store_never_goes_past_max_entries():
    now = [0.0]
    store = MemoryStore(clock=lambda: now[0], max_entries=3)

    async def fill():
        for n in range(3):
            await store.set(f"k{n}", "v", ttl_s=10)
        with pytest.raises(StoreFull):
            await store.set("k3", "v", ttl_s=10)
        with pytest.raises(StoreFull):
            await store.incr("counter", ttl_s=10)
        await store.set("k0", "updated", ttl_s=10)  # an existing key may change
        assert len(store.snapshot()) == 3
        now[0] = 11.0  # all expired: room again
        await store.set("k3", "v", ttl_s=10)
        return store.snapshot()

    assert asyncio.run(fill()) == {"k3": "v"}


def test_a_quick_exit_behind_a_slow_turn_still_wipes():
    rasa = FakeRasa()
    rasa.delay_s = 0.25  # a turn close to the deadline is at Rasa when the exit comes

    async def scenario(client):
        body = {"conversation_id": "c" * 32, "message": "hi"}
        turn = asyncio.create_task(client.post("/api/chat", json=body))
        await asyncio.sleep(0.1)
        exit_ = await client.post("/api/exit", content='{"conversation_id": "' + "c" * 32 + '"}',
                                  headers={"content-type": "text/plain"})
        return await turn, exit_

    app = create_app(make_settings(rasa_timeout_s=0.3),
                     rasa=RasaClient(["http://rasa.test"],
                                     transport=httpx.MockTransport(rasa.handle)),
                     store=MemoryStore())

    async def run():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await scenario(http)

    turn, exit_ = asyncio.run(run())
    assert turn.json()["fallback"] is False and exit_.status_code == 204
    assert rasa.wiped == ["web_" + "c" * 32]


def test_a_wipe_goes_to_the_worker_that_holds_the_conversation():
    # Each worker keeps its conversations' last message in memory (bot.follow_up_context);
    # the wipe had always gone to the first worker, which held none of another's.
    workers = [f"http://rasa-{n}:5005" for n in range(3)]
    wiped = []

    def handle(request: httpx.Request) -> httpx.Response:
        wiped.append(f"{request.url.scheme}://{request.url.host}:{request.url.port}")
        return httpx.Response(200, json={})

    client = RasaClient(workers, transport=httpx.MockTransport(handle))
    senders = [f"web_{n:032d}" for n in range(12)]
    for sender in senders:
        assert asyncio.run(client.wipe(sender))
    assert wiped == [client._url_for(sender) for sender in senders]
    assert len(set(wiped)) > 1
