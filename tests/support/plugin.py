"""Fixtures shared by every test directory (registered in tests/conftest.py).

One embedded-defaults stack (Rasa, action server, gateway on test ports) serves the
integration and browser tests alike: starting Rasa costs about a minute. A throwaway
redis-server (`redis_server`, one per test module) serves the stacks on Redis.
"""

from __future__ import annotations

import shutil
from typing import Iterator

import pytest

from ops.processes import RedisServer, free_port
from tests.support.stack import start_stack, stop_stack


@pytest.fixture(scope="session")
def stack():
    """The embedded-defaults stack (in-memory stores) on test ports."""
    running = start_stack("stack", {"rasa": 15005, "actions": 15055, "gateway": 18000})
    yield running
    stop_stack(running)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory) -> Iterator[RedisServer]:
    """A redis-server of its own for each test module that asks for one."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed: apt-get install -y redis-server")
    server = RedisServer(free_port(), tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()
