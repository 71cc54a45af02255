"""Tracker stores that keep no message text at rest: Redis (production) and in memory.

Loaded by module path from endpoints.redis.yml (`RedactingRedisTrackerStore`) and
endpoints.yml (`RedactingInMemoryTrackerStore`, the embedded default). Before a tracker
is written:

* user events lose their text (and `parse_data.text`); the intent, the intent ranking
  and the entities stay;
* bot events lose their text and data; only the name of the response stays;
* slot, entity and metadata values are kept only if they are on an allow-list of values
  nobody typed: what the domain defines (initial and categorical slot values, slot and
  intent names, answer keys), the directory's area, service and need ids, `none` and
  `elsewhere`.
  Anything else becomes NOT_KEPT. Redaction of free text is best-effort; an allow-list
  is not (issue 15: a name the model took for a place survived redaction);
* the key expires SESSION_IDLE_SECONDS after the last save (Redis `EX`, whole seconds);
* a tracker with no events deletes the key: that is how a wipe (quick exit, FORGET)
  removes a conversation, and the last message held in memory to read a follow-up
  with (bot.follow_up_context).

Only the latest session is written (Rasa's own store merges older ones back in); a
new session starts with nothing carried over anyway (domain.yml). When Redis fails the
turn is not saved and not handed to Rasa's in-memory fallback, which would keep the
raw text in memory indefinitely. Nothing personal is logged.
"""

from __future__ import annotations

import json
import logging
import time
from collections import OrderedDict
from typing import Any, Dict, FrozenSet, Iterable, List, Optional

import redis
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

import services_directory
from bot import follow_up_context
from bot.settings import is_true
from textsafety.retention import session_idle_seconds

logger = logging.getLogger(__name__)

KEY_PREFIX = "safesteps"  # alphanumeric, or Rasa drops it: keys are safesteps:tracker:<id>
SOCKET_TIMEOUT_S = 2  # Rasa's store sets none: a hung Redis would stall every turn
PARSE_DATA_KEPT = ("intent", "intent_ranking", "entities", "message_id", "metadata")
# What a value not on the allow-list becomes before it is stored.
NOT_KEPT = "[not kept]"
# Entity fields that describe the entity rather than hold what was typed.
ENTITY_FIELDS_KEPT = ("entity", "start", "end", "extractor", "confidence_entity", "role", "group")
# The embedded store's bound: beyond it the conversation idle longest is forgotten.
IN_MEMORY_MAX_CONVERSATIONS = 10_000


class AllowListed:
    """The values a store may keep as they are, worked out once per domain."""

    domain: Domain
    _safe_values: Optional[FrozenSet[str]] = None
    _safe_values_domain: Optional[Domain] = None

    def safe_values(self) -> FrozenSet[str]:
        """Values nobody typed (see domain_values): kept as they are."""
        if self._safe_values is None or self._safe_values_domain is not self.domain:
            self._safe_values = domain_values(self.domain)
            self._safe_values_domain = self.domain
        return self._safe_values


class RedactingRedisTrackerStore(AllowListed, RedisTrackerStore):
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

    async def save(self, tracker: DialogueStateTracker, timeout: Optional[float] = None) -> None:
        """Writes the redacted tracker with an idle expiry; an empty tracker deletes the key."""
        key = self.key_prefix + tracker.sender_id
        if not tracker.events:
            # A wipe: a Redis error propagates, so the caller learns it did not happen.
            self.red.delete(key)
            _forget(self.event_broker, tracker.sender_id)
            follow_up_context.RECENT.forget(tracker.sender_id)
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



class RedactingInMemoryTrackerStore(AllowListed, InMemoryTrackerStore):
    """The embedded default: redacted like the Redis store, expiring, and bounded in size.

    Rasa's own in-memory store keeps raw text for as long as the process lives, and a
    quick exit on a made-up id adds a tracker to it. This one keeps what the Redis store
    keeps, forgets a conversation SESSION_IDLE_SECONDS after its last save, deletes it on
    a wipe (a tracker with no events), and never holds more than `max_conversations`.
    """

    def __init__(
        self,
        domain: Domain,
        event_broker: Optional[EventBroker] = None,
        record_exp: Optional[Any] = None,
        max_conversations: Any = IN_MEMORY_MAX_CONVERSATIONS,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.store: "OrderedDict[str, str]" = OrderedDict()  # least recently saved first
        self._expires_at: Dict[str, float] = {}
        self.record_exp = int(record_exp) if record_exp else session_idle_seconds()
        self.max_conversations = int(max_conversations)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Keeps the redacted tracker; a tracker with no events (a wipe) is deleted."""
        sender_id = tracker.sender_id
        if not tracker.events:
            self.store.pop(sender_id, None)
            self._expires_at.pop(sender_id, None)
            follow_up_context.RECENT.forget(sender_id)
            return
        dialogue = tracker.as_dialogue().as_dict()
        dialogue["events"] = redact_events(dialogue["events"], self.safe_values())
        self.store[sender_id] = json.dumps(dialogue)
        self.store.move_to_end(sender_id)
        self._expires_at[sender_id] = time.monotonic() + self.record_exp
        while len(self.store) > self.max_conversations:
            oldest, _ = self.store.popitem(last=False)
            self._expires_at.pop(oldest, None)

    async def _retrieve(
        self, sender_id: str, fetch_all_sessions: bool
    ) -> Optional[DialogueStateTracker]:
        self._forget_expired()
        return await super()._retrieve(sender_id, fetch_all_sessions)

    async def keys(self) -> Iterable[str]:
        """Ids of the conversations still kept."""
        self._forget_expired()
        return list(self.store.keys())

    def _forget_expired(self) -> None:
        """Drops idle conversations; saves are in order, so expiries are too."""
        now = time.monotonic()
        while self.store:
            oldest = next(iter(self.store))
            if self._expires_at.get(oldest, 0) > now:
                return
            self.store.pop(oldest)
            self._expires_at.pop(oldest, None)


def _forget(event_broker: Optional[EventBroker], sender_id: str) -> None:
    """Tells the metrics broker to drop what it remembers of a wiped conversation."""
    forget = getattr(event_broker, "forget", None)
    if callable(forget):
        forget(sender_id)


def domain_values(domain: Domain) -> FrozenSet[str]:
    """Values nobody typed: the domain's slot values and names, the directory's ids."""
    values = {services_directory.ELSEWHERE, "none"}
    for slot in domain.slots:
        candidates = [slot.name, slot.initial_value, *(getattr(slot, "values", None) or [])]
        values.update(v for v in candidates if isinstance(v, str))
    values.update(domain.intents)
    # Retrieval keys ("question/will_he_find_out"): the `last_answer` slot's values.
    values.update(name.removeprefix("utter_") for name in domain.responses if "/" in name)
    values.update(name for name in domain.action_names_or_texts if isinstance(name, str))
    directory = services_directory.load_directory()
    values.update(directory.areas.areas)
    values.update(service.id for service in directory.services)
    values.update(services_directory.NEEDS)
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
        if "entities" in kept:
            kept["entities"] = redact_entities(kept["entities"], keep)
        if "metadata" in kept:
            kept["metadata"] = redact_value(kept["metadata"], keep)
        event["parse_data"] = {**kept, "text": None}
    elif kind == "bot":
        event["text"] = None
        event["data"] = {}
        metadata = event.get("metadata") or {}
        event["metadata"] = {k: v for k, v in metadata.items() if k == "utter_action"}
    elif kind == "slot":
        event["value"] = redact_value(event.get("value"), keep)
    elif kind in ("entities", "reminder"):
        event["entities"] = redact_entities(event.get("entities"), keep)
    elif kind == "action":
        event["action_text"] = None
    return event


def redact_entities(entities: Any, keep: FrozenSet[str]) -> Any:
    """Entities with their descriptive fields as they are and every value allow-listed."""
    if not isinstance(entities, list):
        return redact_value(entities, keep)
    return [
        {key: (item if key in ENTITY_FIELDS_KEPT else redact_value(item, keep))
         for key, item in entity.items()}
        if isinstance(entity, dict) else redact_value(entity, keep)
        for entity in entities
    ]


def redact_value(value: Any, keep: FrozenSet[str] = frozenset()) -> Any:
    """A slot, entity or metadata value with every string not in `keep` replaced by NOT_KEPT."""
    if isinstance(value, str):
        return value if value in keep else NOT_KEPT
    if isinstance(value, list):
        return [redact_value(item, keep) for item in value]
    if isinstance(value, dict):
        return {key: redact_value(item, keep) for key, item in value.items()}
    return value
