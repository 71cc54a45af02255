"""bot.metrics on fakeredis: weekly hashes, fixed expiry, and publish never waits on Redis."""

from __future__ import annotations

import asyncio
import socket
import time
from datetime import date, datetime, timezone

import fakeredis
import pytest
from rasa.utils.endpoints import EndpointConfig

from bot.metrics import CounterWriter, PathwayDeriver, PathwayMetricsBroker
from reporting.metric_keys import load_vocabulary

DAY = date(2026, 11, 26)  # a Thursday in ISO week 48


@pytest.fixture
def client():
    return fakeredis.FakeStrictRedis(decode_responses=True)


def test_counts_go_to_this_weeks_hash(client):
    writer = CounterWriter(client, today=lambda: DAY)
    for name in ["conversation_started", "danger_response", "conversation_started"]:
        writer.count(name)
    writer.flush()
    assert client.keys("*") == ["metrics:2026-W48"]
    assert client.hgetall("metrics:2026-W48") == {
        "conversation_started": "2", "danger_response": "1",
    }
    writer.close()


def test_expiry_is_fixed_by_the_week_not_by_the_last_write(client):
    writer = CounterWriter(client, retention_weeks=156, today=lambda: DAY)
    writer.count("conversation_started")
    writer.flush()
    first = client.expiretime("metrics:2026-W48")
    writer.count("conversation_started")
    writer.flush()
    assert client.expiretime("metrics:2026-W48") == first
    # Monday 23 November 2026 + 156 weeks, at midnight UTC
    expected = datetime(2029, 11, 19, tzinfo=timezone.utc).timestamp()
    assert first == int(expected)
    writer.close()


def test_weeks_roll_over(client):
    days = iter([date(2026, 12, 31), date(2027, 1, 4)])
    writer = CounterWriter(client, today=lambda: next(days))
    writer.count("conversation_started")
    writer.flush()
    writer.count("conversation_started")
    writer.flush()
    assert sorted(client.keys("*")) == ["metrics:2026-W53", "metrics:2027-W01"]
    writer.close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_publish_returns_at_once_when_redis_is_away(caplog):
    config = EndpointConfig(url="127.0.0.1", port=closed_port(), db=0, password="",
                            type="bot.metrics.PathwayMetricsBroker")
    broker = asyncio.run(PathwayMetricsBroker.from_endpoint_config(config))
    started = time.perf_counter()
    for _ in range(200):
        broker.publish({"sender_id": "web_a", "event": "session_started"})
        broker.publish({"sender_id": "web_a", "event": "action", "name": "utter_immediate_danger"})
    assert time.perf_counter() - started < 0.5
    broker._writer.flush(timeout=5)
    assert "pathway metrics not written: ConnectionError" in caplog.text
    asyncio.run(broker.close())


def test_the_broker_counts_what_the_tracker_store_publishes(client):
    writer = CounterWriter(client, today=lambda: DAY)
    broker = PathwayMetricsBroker(writer, PathwayDeriver(load_vocabulary()))
    for event in [
        {"sender_id": "web_a", "event": "session_started"},
        {"sender_id": "web_a", "event": "user", "text": None, "metadata": {"channel": "web"},
         "parse_data": {"intent": {"name": "describe_stalking"}}},
        {"sender_id": "web_a", "event": "slot", "name": "signposted",
         "value": ["national-domestic-abuse-helpline"]},
        {"sender_id": "web_a", "event": "slot", "name": "area", "value": "somerset"},
    ]:
        broker.publish(event)
    writer.flush()
    assert client.hgetall("metrics:2026-W48") == {
        "conversation_started": "1",
        "abuse_type:stalking": "1",
        "channel:web": "1",
        "service_signposted:national-domestic-abuse-helpline": "1",
        "area:somerset": "1",
    }
    for key in client.keys("*"):
        assert "web_a" not in key
        assert all("web_a" not in field for field in client.hkeys(key))
    asyncio.run(broker.close())


def test_a_broken_event_is_skipped(client):
    writer = CounterWriter(client, today=lambda: DAY)
    broker = PathwayMetricsBroker(writer, PathwayDeriver(load_vocabulary()))
    broker.publish({"sender_id": "web_a", "event": "user", "parse_data": "not a dict"})
    broker.publish({"sender_id": "web_a", "event": "session_started"})
    writer.flush()
    assert client.hgetall("metrics:2026-W48") == {"conversation_started": "1"}
    asyncio.run(broker.close())
