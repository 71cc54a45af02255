"""Pathway metrics: a Rasa event broker that counts a fixed vocabulary per ISO week in Redis.

endpoints.redis.yml names it (`event_broker: type: bot.metrics.PathwayMetricsBroker`);
the tracker store hands it every new (already redacted) event of a conversation. The
broker derives metrics from the events, so no action needs code for it:

* `conversation_started` from `session_started`;
* `abuse_type:<type>` and `need:<need>` from user intents (reporting/metrics.yml);
* `danger_response`, `self_harm_response`, `safe_exit_guidance` from the actions run;
* `service_signposted:<id>`, `channel:<c>`, `area:<id>`, `language:<code>` from slots
  (and channel and language from the gateway's message metadata).

Each metric counts at most once per conversation (session), so a count is a number of
conversations. Counts are `HINCRBY metrics:<ISO week> <metric> n`: no conversation id,
no text, nothing finer than the week (the key's expiry is fixed by its week, not by the
last write). Publishing never waits on Redis: a background thread writes with a short
socket timeout and drops counts when Redis is away.
"""

from __future__ import annotations

import hashlib
import logging
import os
import queue
import threading
import time
from collections import Counter, OrderedDict
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, Optional, Set, Tuple

import redis
from rasa.core.brokers.broker import EventBroker
from rasa.utils.endpoints import EndpointConfig

from bot import settings
from reporting import metric_keys
from reporting.metric_keys import CONVERSATION_STARTED, OTHER_LANGUAGE, Vocabulary, metric
from textsafety.retention import session_idle_seconds

logger = logging.getLogger(__name__)

SOCKET_TIMEOUT_S = 0.5
RETENTION_WEEKS = 156  # three years of weekly aggregates, then Redis drops them
MAX_QUEUE = 10_000
MAX_CONVERSATIONS = 20_000  # conversations remembered for once-per-conversation counting
WARN_EVERY_S = 60.0


def _directory_checks() -> Tuple[Callable[[str], bool], Callable[[str], bool]]:
    """Whether a value is a service id / an area id of the services directory."""
    import services_directory

    directory = services_directory.load_directory()
    return (lambda value: directory.get(value) is not None,
            lambda value: value in directory.areas.areas)


class PathwayDeriver:
    """Turns serialised tracker events into metric names, each once per conversation."""

    def __init__(
        self,
        vocabulary: Vocabulary,
        is_service: Optional[Callable[[str], bool]] = None,
        is_area: Optional[Callable[[str], bool]] = None,
        idle_seconds: float = 3600,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._vocabulary = vocabulary
        if is_service is None or is_area is None:
            is_service, is_area = _directory_checks()
        self._is_service, self._is_area = is_service, is_area
        self._idle_seconds = idle_seconds
        self._clock = clock
        # Conversations are remembered under a keyed hash, never their id, and forgotten
        # when wiped, when idle, or when too many are remembered.
        self._salt = os.urandom(16)
        self._seen: "OrderedDict[bytes, Tuple[float, Set[str]]]" = OrderedDict()
        self._lock = threading.Lock()

    def derive(self, event: Dict[str, Any]) -> List[str]:
        """The metrics this event adds that its conversation has not counted yet."""
        candidates = self._candidates(event)
        key = self._key(event.get("sender_id"))
        now = self._clock()
        with self._lock:
            self._expire(now)
            if event.get("event") == "session_started":
                self._seen.pop(key, None)
            _, seen = self._seen.pop(key, (now, set()))
            new = [name for name in dict.fromkeys(candidates) if name not in seen]
            seen.update(new)
            self._seen[key] = (now, seen)
            while len(self._seen) > MAX_CONVERSATIONS:
                self._seen.popitem(last=False)
        return new

    def forget(self, sender_id: str) -> None:
        """Drops what is remembered of a conversation (it was wiped)."""
        with self._lock:
            self._seen.pop(self._key(sender_id), None)

    def _key(self, sender_id: Any) -> bytes:
        return hashlib.blake2b(str(sender_id).encode(), key=self._salt, digest_size=16).digest()

    def _expire(self, now: float) -> None:
        while self._seen:
            oldest_key, (last_seen, _) = next(iter(self._seen.items()))
            if now - last_seen <= self._idle_seconds:
                break
            del self._seen[oldest_key]

    def _candidates(self, event: Dict[str, Any]) -> List[str]:
        kind, vocab = event.get("event"), self._vocabulary
        if kind == "session_started":
            return [CONVERSATION_STARTED]
        if kind == "action":
            name = vocab.responses.get(event.get("name"))
            return [name] if name else []
        if kind == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            found = []
            if intent in vocab.abuse_type:
                found.append(metric("abuse_type", vocab.abuse_type[intent]))
            if intent in vocab.need:
                found.append(metric("need", vocab.need[intent]))
            metadata = event.get("metadata") or {}
            return found + self._slot_metrics("channel", metadata.get("channel")) + (
                self._slot_metrics("language", metadata.get("language"))
            )
        if kind == "slot":
            return self._slot_metrics(event.get("name"), event.get("value"))
        return []

    def _slot_metrics(self, name: Any, value: Any) -> List[str]:
        vocab = self._vocabulary
        if name == "signposted" and isinstance(value, list):
            return [metric("service_signposted", v) for v in value
                    if isinstance(v, str) and self._is_service(v)]
        if not isinstance(value, str):
            return []
        if name == "channel" and value in vocab.channels:
            return [metric("channel", value)]
        if name == "area" and self._is_area(value):
            return [metric("area", value)]
        if name == "language" and value:
            code = value.lower() if value.lower() in vocab.languages else OTHER_LANGUAGE
            return [metric("language", code)]
        return []


class CounterWriter:
    """Adds counts to this week's Redis hash from a background thread."""

    def __init__(
        self,
        client: Any,
        retention_weeks: int = RETENTION_WEEKS,
        today: Callable[[], Any] = metric_keys.today,
    ) -> None:
        self._client = client
        self._retention = timedelta(weeks=retention_weeks)
        self._today = today
        self._queue: "queue.Queue[Optional[str]]" = queue.Queue(maxsize=MAX_QUEUE)
        self._thread: Optional[threading.Thread] = None
        self._start_lock = threading.Lock()
        self._last_warning = 0.0

    def count(self, name: str) -> None:
        """Queues one count; returns at once, dropping the count if the queue is full."""
        self._ensure_thread()
        try:
            self._queue.put_nowait(name)
        except queue.Full:
            self._warn("queue full")

    def flush(self, timeout: float = 5.0) -> None:
        """Waits until every queued count was written or dropped (for tests and shutdown)."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.01)

    def close(self) -> None:
        """Writes what is queued (briefly) and stops the thread."""
        if self._thread is not None:
            self.flush(timeout=1.0)
            try:
                self._queue.put_nowait(None)
            except queue.Full:
                pass
            self._thread.join(timeout=1.0)

    def _ensure_thread(self) -> None:
        # Started on first use, so each Sanic worker process gets its own thread.
        if self._thread is None or not self._thread.is_alive():
            with self._start_lock:
                if self._thread is None or not self._thread.is_alive():
                    self._thread = threading.Thread(
                        target=self._run, name="pathway-metrics", daemon=True
                    )
                    self._thread.start()

    def _run(self) -> None:
        while True:
            names = [self._queue.get()]
            while len(names) < 500:
                try:
                    names.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                counts = Counter(name for name in names if name is not None)
                if counts:
                    self._write(counts)
            except Exception as error:  # noqa: BLE001 - metrics are best effort
                self._warn(type(error).__name__)
            finally:
                for _ in names:
                    self._queue.task_done()
            if None in names:
                return

    def _write(self, counts: Dict[str, int]) -> None:
        day = self._today()
        key = metric_keys.week_key(day)
        monday = metric_keys.week_start(metric_keys.week_label(day))
        expires = datetime.combine(monday + self._retention, datetime.min.time(), timezone.utc)
        pipe = self._client.pipeline(transaction=False)
        for name, count in counts.items():
            pipe.hincrby(key, name, count)
        pipe.expireat(key, int(expires.timestamp()))
        pipe.execute()

    def _warn(self, reason: str) -> None:
        now = time.monotonic()
        if now - self._last_warning >= WARN_EVERY_S:
            self._last_warning = now
            logger.warning("pathway metrics not written: %s", reason)


class PathwayMetricsBroker(EventBroker):
    """Rasa event broker that turns tracker events into weekly pathway counts."""

    def __init__(self, writer: CounterWriter, deriver: PathwayDeriver) -> None:
        self._writer = writer
        self._deriver = deriver

    @classmethod
    async def from_endpoint_config(
        cls, broker_config: EndpointConfig, event_loop: Any = None
    ) -> "PathwayMetricsBroker":
        """Builds the broker from `event_broker:` in the endpoints file."""
        options = broker_config.kwargs
        timeout = float(options.get("socket_timeout") or SOCKET_TIMEOUT_S)
        client = redis.Redis(
            host=broker_config.url or "localhost",
            port=int(options.get("port") or 6379),
            db=int(options.get("db") or 0),
            password=options.get("password") or None,
            ssl=settings.is_true(options.get("use_ssl", "")),
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
        )
        writer = CounterWriter(client, int(options.get("retention_weeks") or RETENTION_WEEKS))
        deriver = PathwayDeriver(metric_keys.load_vocabulary(),
                                 idle_seconds=session_idle_seconds())
        return cls(writer, deriver)

    def publish(self, event: Dict[str, Any]) -> None:
        """Counts the metrics an event adds; never raises, never waits on Redis."""
        try:
            for name in self._deriver.derive(event):
                self._writer.count(name)
        except Exception as error:  # noqa: BLE001 - metrics must never break a conversation
            logger.warning("pathway metrics skipped an event: %s", type(error).__name__)

    def forget(self, sender_id: str) -> None:
        """Forgets a wiped conversation."""
        self._deriver.forget(sender_id)

    async def close(self) -> None:
        """Writes queued counts and stops the writer thread."""
        self._writer.close()
