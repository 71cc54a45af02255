"""Bounds each conversation before it reaches Rasa: a turn cap, one turn at a time, wipes.

Rasa slows down as a conversation grows (about 78 ms a turn for turns 1-100, about
630 ms for turns 401-500 on 2 cores), and messages from one sender wait for its lock
in 1 s polling steps. So the gateway (1) restarts a conversation kindly after
MAX_TURNS turns, still answering the message that crossed the cap, and (2) sends one
sender's messages to Rasa one at a time, with a short queue.

A wipe (quick exit, FORGET, STOP) takes the same per-conversation lock, so it runs after
a turn already at Rasa, and first leaves a short tombstone in the store holding the time
it was asked for: a message that was already on its way then (waiting for the lock, here
or in another gateway sharing the store) is dropped instead of bringing the conversation
back. A message sent after the wipe starts a new conversation as usual.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections import defaultdict
from typing import Any, AsyncIterator, Callable, Dict, List, Optional

from webhook.bot import Bot, BotUnavailable
from webhook.store import Store

logger = logging.getLogger(__name__)


class ConversationBusy(BotUnavailable):
    """Too many messages from one sender are already waiting: the safety reply goes out."""


class ConversationWiped(BotUnavailable):
    """The conversation was wiped a moment ago; a message still on its way is dropped."""


def turn_key(sender_id: str) -> str:
    """The store key counting a conversation's turns (it exists while one is under way)."""
    return f"turns:{sender_id}"


def tombstone_key(sender_id: str) -> str:
    """The store key marking a conversation wiped a moment ago.

    A hash, so that after a wipe not even the conversation id is left in the store.
    """
    return "wiped:" + hashlib.sha256(sender_id.encode("utf-8")).hexdigest()[:32]


async def under_way(store: Store, sender_id: str) -> bool:
    """Whether a conversation has had a turn (and not been wiped since)."""
    try:
        return await store.get(turn_key(sender_id)) is not None
    except Exception:  # noqa: BLE001 - the store down must not cost anyone a reply
        logger.warning("turn counter unavailable")
        return True


class Conversations:
    """A `Bot` in front of another `Bot` (the Rasa client), with the bounds above."""

    def __init__(
        self,
        rasa: Bot,
        store: Store,
        max_turns: int,
        idle_ttl_s: float,
        restart_notice: str,
        max_waiting: int = 3,
        tombstone_s: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._rasa = rasa
        self._store = store
        self._max_turns = max_turns
        self._idle_ttl_s = idle_ttl_s
        self._restart_notice = restart_notice
        self._max_waiting = max_waiting
        self._tombstone_s = tombstone_s
        self._clock = clock
        self._locks: Dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._waiting: Dict[str, int] = defaultdict(int)

    @contextlib.asynccontextmanager
    async def _exclusive(self, sender_id: str) -> AsyncIterator[None]:
        """The conversation's lock; the lock is dropped when nobody waits for it."""
        self._waiting[sender_id] += 1
        try:
            async with self._locks[sender_id]:
                yield
        finally:
            self._waiting[sender_id] -= 1
            if not self._waiting[sender_id]:
                self._waiting.pop(sender_id, None)
                self._locks.pop(sender_id, None)

    async def send(
        self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]] = None
    ) -> List[Dict[str, Any]]:
        """One turn, after any earlier turn of the same sender, within the turn cap."""
        if self._waiting[sender_id] >= self._max_waiting:
            logger.warning("conversation busy: message refused")
            raise ConversationBusy("too many waiting")
        arrived_at = self._clock()
        async with self._exclusive(sender_id):
            if await self._wiped_since(sender_id, arrived_at):
                logger.info("message for a conversation wiped while it waited: dropped")
                raise ConversationWiped("tombstone")
            return await self._turn(sender_id, text, metadata)

    async def _wiped_since(self, sender_id: str, arrived_at: float) -> bool:
        try:
            wiped_at = await self._store.get(tombstone_key(sender_id))
        except Exception:  # noqa: BLE001
            logger.warning("tombstone unavailable")
            return False
        return wiped_at is not None and float(wiped_at) >= arrived_at

    async def _turn(
        self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]]
    ) -> List[Dict[str, Any]]:
        turns = await self._count_turn(sender_id)
        if turns <= self._max_turns:
            return await self._rasa.send(sender_id, text, metadata)
        logger.info("conversation reached the turn cap: restarted")
        await self._wipe_now(sender_id)
        await self._count_turn(sender_id)
        replies = await self._rasa.send(sender_id, text, metadata)
        return [{"text": self._restart_notice}, *replies]

    async def _count_turn(self, sender_id: str) -> int:
        """This turn's number; 0 when the store is down (never block a conversation on it)."""
        try:
            return await self._store.incr(turn_key(sender_id), self._idle_ttl_s)
        except Exception:  # noqa: BLE001 - a counter must never cost someone their reply
            logger.warning("turn counter unavailable")
            return 0

    async def wipe(self, sender_id: str) -> bool:
        """Leaves a tombstone, waits for a turn in flight, then deletes the conversation."""
        try:
            await self._store.set(
                tombstone_key(sender_id), repr(self._clock()), self._tombstone_s
            )
        except Exception:  # noqa: BLE001 - the wipe itself matters more
            logger.warning("tombstone unavailable")
        async with self._exclusive(sender_id):
            return await self._wipe_now(sender_id)

    async def _wipe_now(self, sender_id: str) -> bool:
        """Deletes the conversation in Rasa and its turn count (the caller holds the lock)."""
        try:
            await self._store.delete(turn_key(sender_id))
        except Exception:  # noqa: BLE001
            logger.warning("turn counter unavailable")
        return await self._rasa.wipe(sender_id)

    async def close(self) -> None:
        """Closes the Rasa client."""
        await self._rasa.close()
