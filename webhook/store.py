"""A small ephemeral key-value store with expiry: in memory, or Redis when REDIS_URL is set.

The gateway keeps only short-lived, non-identifying state here: reply caches keyed by a
hash of Twilio's MessageSid (and, per conversation, the list of them, so FORGET can delete
them), the numbered options last offered to a conversation, rate-limit and turn counters,
wipe tombstones, and the SMS line's random per-period keys. Keys use pseudonymous ids
(the HMAC sender id), never a phone number, and values never hold what a person typed.
"""

from __future__ import annotations

import json
import time
from typing import Callable, Dict, List, Protocol, Tuple

from webhook.config import Settings

# Every Redis key the gateway writes starts with this, so it is easy to find and flush.
REDIS_PREFIX = "safesteps:gw:"


class Store(Protocol):
    """What the gateway needs from a store; every value is a string, every key expires."""

    async def get(self, key: str) -> str | None:
        """The value of a key, or None when it is absent or expired."""

    async def set(self, key: str, value: str, ttl_s: float) -> None:
        """Sets a key that expires after ttl_s seconds."""

    async def add(self, key: str, value: str, ttl_s: float) -> bool:
        """Sets a key only if it is absent; True when this call set it (atomic)."""

    async def incr(self, key: str, ttl_s: float) -> int:
        """Adds one to a counter (created at 0) and returns the new count."""

    async def append(self, key: str, value: str, ttl_s: float) -> None:
        """Adds a value to a list (created empty) and sets the list to expire after ttl_s."""

    async def members(self, key: str) -> List[str]:
        """The values of a list; empty when it is absent or expired."""

    async def delete(self, *keys: str) -> None:
        """Removes keys; absent keys are ignored."""

    async def close(self) -> None:
        """Releases connections."""


class StoreFull(Exception):
    """The memory store holds max_entries live keys: a new key is refused, not added."""


class MemoryStore:
    """A per-process store: fine for one gateway process and for tests.

    Single-threaded asyncio makes each method atomic (no await inside), which is what
    `add` needs to stop a concurrent duplicate.
    """

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, max_entries: int = 100_000
    ) -> None:
        self._data: Dict[str, Tuple[str, float]] = {}
        self._clock = clock
        self._max_entries = max_entries
        self._last_purge = float("-inf")

    def _live(self, key: str) -> str | None:
        entry = self._data.get(key)
        if entry is None:
            return None
        value, expires_at = entry
        if expires_at <= self._clock():
            del self._data[key]
            return None
        return value

    def _put(self, key: str, value: str, ttl_s: float) -> None:
        if key not in self._data and len(self._data) >= self._max_entries:
            # A purge walks every key: at most once a second while the store stays full.
            if self._clock() - self._last_purge >= 1.0:
                self.purge()
            if len(self._data) >= self._max_entries:
                # Never past the cap: callers treat this like any store failure.
                raise StoreFull(f"{self._max_entries} live keys")
        self._data[key] = (value, self._clock() + ttl_s)

    def purge(self) -> None:
        """Drops every expired key."""
        now = self._last_purge = self._clock()
        for key in [k for k, (_, expires_at) in self._data.items() if expires_at <= now]:
            del self._data[key]

    def snapshot(self) -> Dict[str, str]:
        """The live keys and values (for tests and diagnostics)."""
        self.purge()
        return {key: value for key, (value, _) in self._data.items()}

    async def get(self, key: str) -> str | None:
        """The value of a key, or None when it is absent or expired."""
        return self._live(key)

    async def set(self, key: str, value: str, ttl_s: float) -> None:
        """Sets a key that expires after ttl_s seconds."""
        self._put(key, value, ttl_s)

    async def add(self, key: str, value: str, ttl_s: float) -> bool:
        """Sets a key only if it is absent; True when this call set it."""
        if self._live(key) is not None:
            return False
        self._put(key, value, ttl_s)
        return True

    async def incr(self, key: str, ttl_s: float) -> int:
        """Adds one to a counter; the expiry is set when the counter is created."""
        current = self._live(key)
        if current is None:
            self._put(key, "1", ttl_s)
            return 1
        count = int(current) + 1
        self._data[key] = (str(count), self._data[key][1])
        return count

    async def append(self, key: str, value: str, ttl_s: float) -> None:
        """Adds a value to a list (kept as JSON) and sets the list to expire after ttl_s."""
        current = self._live(key)
        values = json.loads(current) if current is not None else []
        self._put(key, json.dumps([*values, value]), ttl_s)

    async def members(self, key: str) -> List[str]:
        """The values of a list; empty when it is absent or expired."""
        current = self._live(key)
        return json.loads(current) if current is not None else []

    async def delete(self, *keys: str) -> None:
        """Removes keys; absent keys are ignored."""
        for key in keys:
            self._data.pop(key, None)

    async def close(self) -> None:
        """Nothing to release."""


def _ms(ttl_s: float) -> int:
    return max(1, int(ttl_s * 1000))


class RedisStore:
    """The store on Redis (redis.asyncio or fakeredis), so several gateways share it."""

    def __init__(self, client, prefix: str = REDIS_PREFIX) -> None:  # noqa: ANN001
        self.client = client
        self.prefix = prefix

    @classmethod
    def from_url(cls, url: str, prefix: str = REDIS_PREFIX) -> RedisStore:
        """Connects lazily; short socket timeouts keep a dead Redis from eating Twilio's 15 s."""
        import redis.asyncio as redis_asyncio

        client = redis_asyncio.from_url(
            url, decode_responses=True, socket_timeout=2, socket_connect_timeout=2
        )
        return cls(client, prefix)

    def _key(self, key: str) -> str:
        return self.prefix + key

    async def get(self, key: str) -> str | None:
        """The value of a key, or None when it is absent or expired."""
        value = await self.client.get(self._key(key))
        if isinstance(value, bytes):
            value = value.decode("utf-8")
        return value

    async def set(self, key: str, value: str, ttl_s: float) -> None:
        """Sets a key that expires after ttl_s seconds."""
        await self.client.set(self._key(key), value, px=_ms(ttl_s))

    async def add(self, key: str, value: str, ttl_s: float) -> bool:
        """Sets a key only if it is absent (SET NX); True when this call set it."""
        return bool(await self.client.set(self._key(key), value, px=_ms(ttl_s), nx=True))

    async def incr(self, key: str, ttl_s: float) -> int:
        """Adds one to a counter; the expiry is set when the counter is created."""
        full_key = self._key(key)
        async with self.client.pipeline(transaction=True) as pipe:
            # SET NX creates the counter with its expiry; INCR keeps that expiry.
            pipe.set(full_key, 0, px=_ms(ttl_s), nx=True)
            pipe.incr(full_key)
            _, count = await pipe.execute()
        return int(count)

    async def append(self, key: str, value: str, ttl_s: float) -> None:
        """RPUSH and PEXPIRE in one transaction."""
        full_key = self._key(key)
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.rpush(full_key, value)
            pipe.pexpire(full_key, _ms(ttl_s))
            await pipe.execute()

    async def members(self, key: str) -> List[str]:
        """The values of a list; empty when it is absent or expired."""
        values = await self.client.lrange(self._key(key), 0, -1)
        return [v.decode("utf-8") if isinstance(v, bytes) else v for v in values]

    async def delete(self, *keys: str) -> None:
        """Removes keys; absent keys are ignored."""
        if keys:
            await self.client.delete(*(self._key(key) for key in keys))

    async def close(self) -> None:
        """Closes the connection pool."""
        close = getattr(self.client, "aclose", None) or self.client.close
        await close()


def create_store(settings: Settings) -> Store:
    """Redis when REDIS_URL is set, otherwise memory (one process only)."""
    if settings.redis_url:
        return RedisStore.from_url(settings.redis_url)
    return MemoryStore()
