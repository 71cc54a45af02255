"""endpoints.redis.yml and ops.launcher wire the redacting store, metrics broker and log filter.

Rasa falls back silently when a custom class cannot be loaded (in-memory tracker store,
no event broker), so these tests load the file the way Rasa does.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import pytest
from rasa.core.brokers.broker import EventBroker
from rasa.core.lock_store import LockStore, RedisLockStore
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import read_endpoints_from_path
from rasa.shared.core.domain import Domain

from bot.metrics import PathwayMetricsBroker
from bot.tracker_store import RedactingRedisTrackerStore
from generated.domain import load_whole_domain
from ops.launcher import build_services, redis_env
from ops.processes import LOGGING_CONFIG

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "url, expected",
    [
        ("redis://127.0.0.1:6379/0", {"REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379",
                                      "REDIS_DB": "0", "REDIS_PASSWORD": "",
                                      "REDIS_USE_SSL": "false"}),
        ("redis://:p%40ss@redis.internal:6380/2", {"REDIS_HOST": "redis.internal",
                                                   "REDIS_PORT": "6380", "REDIS_DB": "2",
                                                   "REDIS_PASSWORD": "p@ss",
                                                   "REDIS_USE_SSL": "false"}),
        ("rediss://cache.example.org", {"REDIS_HOST": "cache.example.org", "REDIS_PORT": "6379",
                                        "REDIS_DB": "0", "REDIS_PASSWORD": "",
                                        "REDIS_USE_SSL": "true"}),
    ],
)
def test_redis_url_becomes_endpoint_variables(url, expected):
    assert redis_env(url) == expected


def test_a_redis_url_must_be_a_redis_url():
    with pytest.raises(ValueError):
        redis_env("http://127.0.0.1:6379")


@pytest.fixture
def endpoints(monkeypatch):
    env = {**redis_env("redis://127.0.0.1:6399/3"), "ACTION_PORT": "15055",
           "SESSION_IDLE_SECONDS": "600"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return read_endpoints_from_path(str(ROOT / "endpoints.redis.yml"))


def test_endpoints_load_our_classes(endpoints):
    assert endpoints.action.url == "http://127.0.0.1:15055/webhook"
    domain = Domain.from_dict(load_whole_domain())
    store = TrackerStore.create(endpoints.tracker_store, domain)
    store = getattr(store, "_tracker_store", store)
    assert isinstance(store, RedactingRedisTrackerStore)
    assert store.record_exp == 600
    assert store.key_prefix == "safesteps:tracker:"
    kwargs = store.red.connection_pool.connection_kwargs
    assert (kwargs["host"], kwargs["port"], kwargs["db"], kwargs["password"]) == (
        "127.0.0.1", 6399, 3, None)
    assert kwargs["socket_timeout"] == 2
    locks = LockStore.create(endpoints.lock_store)
    assert isinstance(locks, RedisLockStore)
    assert locks.red.connection_pool.connection_kwargs["db"] == 1
    broker = asyncio.run(EventBroker.create(endpoints.event_broker))
    assert isinstance(broker, PathwayMetricsBroker)
    asyncio.run(broker.close())


def test_launcher_passes_the_redis_endpoints_and_the_logging_config():
    env = {"REDIS_URL": "redis://127.0.0.1:6379/0", "RASA_AUTH_TOKEN": "t"}
    args = argparse.Namespace(workers=1, model=ROOT / "models" / "safe-steps.tar.gz")
    services = {service.name: service.argv for service in build_services(args, env)}
    assert "endpoints.redis.yml" in services["rasa"]
    # rasa_sdk spells the option with an underscore
    for name, option in (("rasa", "--logging-config-file"), ("actions", "--logging-config_file")):
        argv = services[name]
        assert argv[argv.index(option) + 1] == LOGGING_CONFIG
    assert (ROOT / LOGGING_CONFIG).exists()
