"""Capacity kept for people in need: a global cap on turns in flight, and per-client limits.

Rasa answers one turn at a time per process, so every turn waiting in front of it adds
to everyone's wait; past about 8 s everyone gets the static safety reply. So:

- `InFlightCap` bounds the turns in flight to Rasa. Conversations already under way and
  SMS may use all of it; new web conversations only part of it, so a flood of fresh
  conversations cannot take the room of people already talking. A turn over the cap is
  refused at once (the caller sends the safety reply then, not after the deadline).
- `ClientLimits` bounds what one web client (an IP address) may do per minute: start
  conversations, send messages, quick-exit, plus how many of its turns may be in flight.
  Counts live in this process's memory only: client addresses are never written to the
  store. SMS is limited per sender instead (webhook/sms/service.py): it all comes from
  Twilio's addresses.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Dict, Iterator, Tuple

logger = logging.getLogger(__name__)

WINDOW_S = 60


class Priority(enum.Enum):
    """Who goes first when Rasa is busy."""

    UNDER_WAY = "under_way"  # a conversation already under way, or any SMS
    NEW_WEB = "new_web"  # the first message of a web conversation


class OverCapacity(Exception):
    """The turn was not admitted: too many turns are in flight."""


class InFlightCap:
    """Counts the turns in flight and admits a turn only below its priority's ceiling."""

    def __init__(self, max_in_flight: int, max_new_in_flight: int) -> None:
        self.max_in_flight = max_in_flight
        self.max_new_in_flight = min(max_new_in_flight, max_in_flight)
        self.in_flight = 0
        self.new_in_flight = 0

    @contextlib.contextmanager
    def slot(self, priority: Priority) -> Iterator[None]:
        """Holds one place for a turn; OverCapacity at once when there is none."""
        new = priority is Priority.NEW_WEB
        if self.in_flight >= self.max_in_flight or (
            new and self.new_in_flight >= self.max_new_in_flight
        ):
            raise OverCapacity(priority.value)
        self.in_flight += 1
        self.new_in_flight += new
        try:
            yield
        finally:
            self.in_flight -= 1
            self.new_in_flight -= new


class Action(enum.Enum):
    """What a web client asks for; each has its own per-minute limit."""

    NEW_CONVERSATION = "new_conversation"
    MESSAGE = "message"
    EXIT = "exit"


@dataclass(frozen=True)
class ClientLimitSettings:
    """Per-client limits (per gateway process)."""

    new_conversations_per_minute: int
    messages_per_minute: int
    exits_per_minute: int
    turns_in_flight: int

    def per_minute(self, action: Action) -> int:
        """The limit of one action per minute."""
        return {
            Action.NEW_CONVERSATION: self.new_conversations_per_minute,
            Action.MESSAGE: self.messages_per_minute,
            Action.EXIT: self.exits_per_minute,
        }[action]


class ClientLimits:
    """Fixed one-minute windows per client address and action, in this process's memory.

    The table is bounded: when it is full of live windows, clients it has no room for
    are not counted (the global cap still holds), rather than growing without end under
    a flood from many addresses.
    """

    def __init__(
        self,
        settings: ClientLimitSettings,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 50_000,
    ) -> None:
        self.settings = settings
        self._clock = clock
        self._max_clients = max_clients
        self._windows: Dict[Tuple[str, Action], Tuple[int, int]] = {}
        self._in_flight: Dict[str, int] = defaultdict(int)

    def allow(self, client: str, action: Action) -> bool:
        """Counts one action of a client; False once it is over its limit this minute."""
        window = int(self._clock() // WINDOW_S)
        key = (client, action)
        start, count = self._windows.get(key, (window, 0))
        if start != window:
            count = 0
        if key not in self._windows and len(self._windows) >= self._max_clients:
            self._forget_old_windows(window)
            if len(self._windows) >= self._max_clients:
                logger.warning("client limit table full: client not counted")
                return True
        self._windows[key] = (window, count + 1)
        return count + 1 <= self.settings.per_minute(action)

    def _forget_old_windows(self, window: int) -> None:
        for key in [k for k, (start, _) in self._windows.items() if start != window]:
            del self._windows[key]

    @contextlib.contextmanager
    def turn(self, client: str) -> Iterator[bool]:
        """Holds one of the client's in-flight places; yields False when it has none left."""
        if self._in_flight.get(client, 0) >= self.settings.turns_in_flight:
            yield False
            return
        self._in_flight[client] += 1
        try:
            yield True
        finally:
            self._in_flight[client] -= 1
            if not self._in_flight[client]:
                del self._in_flight[client]
