"""Bounds each conversation before it reaches Rasa: a turn cap and one turn at a time.

Rasa slows down as a conversation grows (about 78 ms a turn for turns 1-100, about
630 ms for turns 401-500 on 2 cores), and messages from one sender wait for its lock
in 1 s polling steps. So the gateway (1) restarts a conversation kindly after
MAX_TURNS turns, still answering the message that crossed the cap, and (2) sends one
sender's messages to Rasa one at a time, with a short queue.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from typing import Any, Dict, List, Optional

from webhook.rasa_client import RasaClient, RasaUnavailable
from webhook.store import Store

logger = logging.getLogger(__name__)


class ConversationBusy(RasaUnavailable):
    """Too many messages from one sender are already waiting: the safety reply goes out."""


class Conversations:
    """RasaClient's interface (send, wipe, close) with the bounds above."""

    def __init__(
        self,
        rasa: RasaClient,
        store: Store,
        max_turns: int,
        idle_ttl_s: float,
        restart_notice: str,
        max_waiting: int = 3,
    ) -> None:
        self._rasa = rasa
        self._store = store
        self._max_turns = max_turns
        self._idle_ttl_s = idle_ttl_s
        self._restart_notice = restart_notice
        self._max_waiting = max_waiting
        self._locks: Dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._waiting: Dict[str, int] = defaultdict(int)

    async def send(
        self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]] = None
    ) -> List[Dict[str, Any]]:
        """One turn, after any earlier turn of the same sender, within the turn cap."""
        if self._waiting[sender_id] >= self._max_waiting:
            logger.warning("conversation busy: message refused")
            raise ConversationBusy("too many waiting")
        self._waiting[sender_id] += 1
        try:
            async with self._locks[sender_id]:
                return await self._turn(sender_id, text, metadata)
        finally:
            self._waiting[sender_id] -= 1
            if not self._waiting[sender_id]:
                self._waiting.pop(sender_id, None)
                self._locks.pop(sender_id, None)

    async def _turn(
        self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]]
    ) -> List[Dict[str, Any]]:
        turns = await self._count_turn(sender_id)
        if turns <= self._max_turns:
            return await self._rasa.send(sender_id, text, metadata)
        logger.info("conversation reached the turn cap: restarted")
        await self.wipe(sender_id)
        await self._count_turn(sender_id)
        replies = await self._rasa.send(sender_id, text, metadata)
        return [{"text": self._restart_notice}, *replies]

    async def _count_turn(self, sender_id: str) -> int:
        """This turn's number; 0 when the store is down (never block a conversation on it)."""
        try:
            return await self._store.incr(f"turns:{sender_id}", self._idle_ttl_s)
        except Exception:  # noqa: BLE001 - a counter must never cost someone their reply
            logger.warning("turn counter unavailable")
            return 0

    async def wipe(self, sender_id: str) -> bool:
        """Deletes the conversation in Rasa and its turn count."""
        try:
            await self._store.delete(f"turns:{sender_id}")
        except Exception:  # noqa: BLE001
            logger.warning("turn counter unavailable")
        return await self._rasa.wipe(sender_id)

    async def close(self) -> None:
        """Closes the Rasa client."""
        await self._rasa.close()
