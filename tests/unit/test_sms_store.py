"""The ephemeral store, in memory and on fakeredis."""

from __future__ import annotations

import asyncio

import fakeredis
import pytest

from webhook.config import Settings
from webhook.store import MemoryStore, RedisStore, create_store


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["memory", "fakeredis"])
def backend(request):
    if request.param == "memory":
        clock = Clock()
        return MemoryStore(clock=clock), clock
    return RedisStore(fakeredis.FakeAsyncRedis(decode_responses=True)), None


def run(coro):
    return asyncio.run(coro)


def test_set_get_delete(backend):
    store, _ = backend

    async def scenario():
        assert await store.get("a") is None
        await store.set("a", "1", 60)
        assert await store.get("a") == "1"
        await store.delete("a", "missing")
        assert await store.get("a") is None
        await store.delete()

    run(scenario())


def test_add_only_sets_an_absent_key(backend):
    store, _ = backend

    async def scenario():
        assert await store.add("k", "first", 60) is True
        assert await store.add("k", "second", 60) is False
        assert await store.get("k") == "first"

    run(scenario())


def test_incr_counts_from_one(backend):
    store, _ = backend

    async def scenario():
        assert [await store.incr("c", 60) for _ in range(3)] == [1, 2, 3]

    run(scenario())


def test_keys_expire(backend):
    store, clock = backend

    async def scenario():
        await store.set("a", "1", 0.05)
        await store.add("b", "1", 0.05)
        await store.incr("c", 0.05)
        if clock is not None:
            clock.now += 0.06
        else:
            await asyncio.sleep(0.1)
        assert await store.get("a") is None
        assert await store.add("b", "2", 60) is True
        assert await store.incr("c", 60) == 1

    run(scenario())


def test_incr_keeps_the_first_expiry(backend):
    store, clock = backend

    async def scenario():
        await store.incr("c", 0.2)
        if clock is not None:
            clock.now += 0.1
        else:
            await asyncio.sleep(0.1)
        assert await store.incr("c", 60) == 2
        if clock is not None:
            clock.now += 0.15
        else:
            await asyncio.sleep(0.15)
        assert await store.incr("c", 60) == 1

    run(scenario())


def test_redis_keys_carry_the_prefix():
    server = fakeredis.FakeServer()
    store = RedisStore(fakeredis.FakeAsyncRedis(server=server, decode_responses=True))
    run(store.set("sms:x", "1", 60))
    assert fakeredis.FakeRedis(server=server).keys("*") == [b"safesteps:gw:sms:x"]
    ttl = fakeredis.FakeRedis(server=server).pttl("safesteps:gw:sms:x")
    assert 0 < ttl <= 60_000


def test_memory_store_purges_when_full():
    clock = Clock()
    store = MemoryStore(clock=clock, max_entries=3)

    async def scenario():
        for key in "abc":
            await store.set(key, "1", 1)
        clock.now += 2
        await store.set("d", "1", 1)
        assert store.snapshot() == {"d": "1"}

    run(scenario())


def test_create_store_picks_the_backend():
    assert isinstance(create_store(Settings(redis_url=None)), MemoryStore)
    store = create_store(Settings(redis_url="redis://127.0.0.1:6399/0"))
    assert isinstance(store, RedisStore)
    run(store.close())
