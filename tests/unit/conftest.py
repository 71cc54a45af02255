"""Fixtures of the SMS unit tests (test_sms_webhook.py, test_sms_language.py)."""

from __future__ import annotations

import fakeredis
import pytest

from tests.unit.sms_fakes import FakeRasa, build_client
from webhook.store import MemoryStore, RedisStore


@pytest.fixture(params=["memory", "fakeredis"])
def store(request):
    """The gateway's store, in memory and on fakeredis."""
    if request.param == "memory":
        return MemoryStore()
    server = fakeredis.FakeServer()
    redis_store = RedisStore(fakeredis.FakeAsyncRedis(server=server, decode_responses=True))
    redis_store.server = server  # for inspection by the privacy test
    return redis_store


@pytest.fixture
def rasa() -> FakeRasa:
    """A fake Rasa behind the gateway's client."""
    return FakeRasa()


@pytest.fixture
def client(rasa: FakeRasa, store):
    """A TestClient of the gateway with the fake Rasa and the store."""
    with build_client(rasa, store) as test_client:
        yield test_client
