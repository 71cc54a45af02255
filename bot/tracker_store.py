"""A Redis tracker store that keeps no message text at rest.

Loaded by module path from endpoints.redis.yml (`type: bot.tracker_store.
RedactingRedisTrackerStore`). Before a tracker is written:

* user events lose their text (and `parse_data.text`); the intent, the intent ranking
  and the entities stay, entity values passed through `textsafety.redaction.redact`;
* bot events lose their text and data; only the name of the response stays;
* slot values pass through `redact` unless they are values the domain itself defines
  (initial and categorical values); ids such as `somerset` are left unchanged by it;
* the key expires SESSION_IDLE_SECONDS after the last save (Redis `EX`, whole seconds);
* a tracker with no events deletes the key: that is how a wipe (quick exit, FORGET)
  removes a conversation.

Only the latest session is written (Rasa's own store merges older ones back in); a
new session starts with nothing carried over anyway (domain.yml). When Redis fails the
turn is not saved and not handed to Rasa's in-memory fallback, which would keep the
raw text in memory indefinitely. Nothing personal is logged.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, FrozenSet, Iterable, List, Optional

import redis
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from textsafety.redaction import redact
from bot.settings import is_true
from textsafety.retention import session_idle_seconds

logger = logging.getLogger(__name__)

KEY_PREFIX = "safesteps"  # alphanumeric, or Rasa drops it: keys are safesteps:tracker:<id>
SOCKET_TIMEOUT_S = 2  # Rasa's store sets none: a hung Redis would stall every turn
PARSE_DATA_KEPT = ("intent", "intent_ranking", "entities", "message_id", "metadata")


class RedactingRedisTrackerStore(RedisTrackerStore):
    """RedisTrackerStore that redacts events, expires idle conversations and deletes wiped ones."""

    def __init__(
        self,
        domain: Domain,
        host: str = "localhost",
        port: Any = 6379,
        db: Any = 0,
        username: Optional[str] = None,
        password: Optional[str] = None,
        event_broker: Optional[EventBroker] = None,
        record_exp: Optional[Any] = None,
        key_prefix: Optional[str] = KEY_PREFIX,
        use_ssl: Any = False,
        **kwargs: Any,
    ) -> None:
        # Values from ${ENV} placeholders arrive as strings; Redis needs whole seconds.
        super().__init__(
            domain,
            host=host or "localhost",
            port=int(port),
            db=int(db),
            username=username or None,
            password=password or None,
            event_broker=event_broker,
            record_exp=int(record_exp) if record_exp else session_idle_seconds(),
            key_prefix=key_prefix,
            use_ssl=is_true(use_ssl),
            **kwargs,
        )
        self.red.connection_pool.connection_kwargs.update(
            socket_timeout=SOCKET_TIMEOUT_S, socket_connect_timeout=SOCKET_TIMEOUT_S
        )
        self._safe_values: Optional[FrozenSet[str]] = None
        self._safe_values_domain: Optional[Domain] = None

    async def save(self, tracker: DialogueStateTracker, timeout: Optional[float] = None) -> None:
        """Writes the redacted tracker with an idle expiry; an empty tracker deletes the key."""
        key = self.key_prefix + tracker.sender_id
        if not tracker.events:
            # A wipe: a Redis error propagates, so the caller learns it did not happen.
            self.red.delete(key)
            _forget(self.event_broker, tracker.sender_id)
            return
        try:
            dialogue = tracker.as_dialogue().as_dict()
            # Redacted once, for Redis and for the broker alike.
            dialogue["events"] = redact_events(dialogue["events"], self.safe_values())
            await self._publish_new_events(tracker.sender_id, dialogue["events"])
            self.red.set(key, json.dumps(dialogue), ex=int(timeout or self.record_exp))
        except redis.exceptions.RedisError as error:
            logger.error("tracker not saved: %s (this turn is not kept)", type(error).__name__)

    async def _publish_new_events(self, sender_id: str, events: List[Dict[str, Any]]) -> None:
        """Publishes the (redacted) events not stored yet; a failing broker never fails the turn.

        What Rasa's `stream_events` does, on events already redacted: the new events are
        those after the ones the stored tracker holds (`TrackerEventDiffEngine`).
        """
        if self.event_broker is None:
            return
        stored = await self.retrieve(sender_id)
        for event in events[len(stored.events) if stored else 0 :]:
            try:
                self.event_broker.publish({"sender_id": sender_id, **event})
            except Exception as error:  # noqa: BLE001 - metrics must never break a conversation
                logger.warning("event not published: %s", type(error).__name__)

    def safe_values(self) -> FrozenSet[str]:
        """Slot values the domain defines (initial and categorical): kept as they are."""
        if self._safe_values is None or self._safe_values_domain is not self.domain:
            self._safe_values = domain_values(self.domain)
            self._safe_values_domain = self.domain
        return self._safe_values


def _forget(event_broker: Optional[EventBroker], sender_id: str) -> None:
    """Tells the metrics broker to drop what it remembers of a wiped conversation."""
    forget = getattr(event_broker, "forget", None)
    if callable(forget):
        forget(sender_id)


def domain_values(domain: Domain) -> FrozenSet[str]:
    """Initial and categorical slot values written in the domain (not typed by anyone)."""
    values = set()
    for slot in domain.slots:
        candidates = [slot.initial_value, *(getattr(slot, "values", None) or [])]
        values.update(v for v in candidates if isinstance(v, str))
    return frozenset(values)


def redact_events(events: Iterable[Dict[str, Any]], keep: FrozenSet[str]) -> List[Dict[str, Any]]:
    """Serialised events without message text and with free-text values redacted."""
    return [redact_event(event, keep) for event in events]


def redact_event(event: Dict[str, Any], keep: FrozenSet[str] = frozenset()) -> Dict[str, Any]:
    """One serialised event without message text and with free-text values redacted."""
    event = dict(event)
    kind = event.get("event")
    if "metadata" in event:
        event["metadata"] = redact_value(event["metadata"], keep)
    if kind == "user":
        event["text"] = None
        parse_data = event.get("parse_data") or {}
        kept = {k: parse_data[k] for k in PARSE_DATA_KEPT if k in parse_data}
        for key in ("entities", "metadata"):
            if key in kept:
                kept[key] = redact_value(kept[key], keep)
        event["parse_data"] = {**kept, "text": None}
    elif kind == "bot":
        event["text"] = None
        event["data"] = {}
        metadata = event.get("metadata") or {}
        event["metadata"] = {k: v for k, v in metadata.items() if k == "utter_action"}
    elif kind == "slot":
        event["value"] = redact_value(event.get("value"), keep)
    elif kind in ("entities", "reminder"):
        event["entities"] = redact_value(event.get("entities"), keep)
    elif kind == "action":
        event["action_text"] = None
    return event


def redact_value(value: Any, keep: FrozenSet[str] = frozenset()) -> Any:
    """A slot, entity or metadata value with every string in it redacted (bar `keep`)."""
    if isinstance(value, str):
        return value if value in keep else redact(value)
    if isinstance(value, list):
        return [redact_value(item, keep) for item in value]
    if isinstance(value, dict):
        return {key: redact_value(item, keep) for key, item in value.items()}
    return value
