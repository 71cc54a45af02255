"""Rasa on a terminal logs no message words, even when a turn fails.

With stderr on a terminal, Rasa 3.6 writes its structlog lines in a coloured console
format, and its REST channel logs the whole message (`text=...`) at ERROR on every
timeout or lock failure. Here real Rasa runs as ops.processes starts it, but with
stderr on a pseudo-terminal and without the launcher's FORCE_JSON_LOGGING (the harder
case: only bot.log_filter stands between the message and the log), with its lock store
on a Redis port where nothing listens, so every turn fails. The terminal output must
show the failure but none of the words sent.
"""

from __future__ import annotations

import os
import pty
import select
import time
import uuid
from pathlib import Path

import httpx
import pytest

from ops.processes import free_port, rasa_server, stop_process_group, wait_until_answering
from tests.support.stack import MODEL

pytestmark = pytest.mark.integration

MESSAGE = "my name is Jane Smith and he hurt me again last night, call 07700 900123"
WORDS = ["Jane", "Smith", "hurt me", "last night", "07700", "900123"]
START_TIMEOUT_S = 300


def read_terminal(controller: int, seconds: float) -> bytes:
    """Everything written to the terminal within `seconds` (the child keeps writing)."""
    output, deadline = b"", time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 0.2)
        if ready:
            try:
                output += os.read(controller, 65536)
            except OSError:  # the child closed the terminal
                break
    return output


def test_a_failed_turn_on_a_terminal_logs_no_message_words(tmp_path: Path):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run scripts/test.sh (it trains first)")
    dead_redis_port = free_port()  # nothing listens there: every lock fails at once
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "lock_store:\n"
        "  type: redis\n"
        "  url: 127.0.0.1\n"
        f"  port: {dead_redis_port}\n"
        "  socket_timeout: 2\n",
        encoding="utf-8",
    )
    port = free_port()
    rasa = rasa_server("rasa", port, MODEL, str(endpoints))
    rasa.env.pop("FORCE_JSON_LOGGING")
    env = {key: value for key, value in os.environ.items() if key != "FORCE_JSON_LOGGING"}
    env.update({"RASA_AUTH_TOKEN": "terminal-test-token", "RASA_TELEMETRY_ENABLED": "false",
                "PYTHONWARNINGS": "ignore", "TF_CPP_MIN_LOG_LEVEL": "3"})
    controller, terminal = pty.openpty()
    rasa.start(env, stdout=terminal, stderr=terminal)
    os.close(terminal)
    output = b""
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not rasa.ready():
            output += read_terminal(controller, 1)  # a full terminal would block Rasa
            assert rasa.alive(), output.decode(errors="replace")
            assert time.monotonic() < deadline, "Rasa did not start"
        wait_until_answering([rasa.health_url], rasa.process, 5)
        for _ in range(2):
            response = httpx.post(
                f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                json={"sender": f"terminal-{uuid.uuid4().hex}", "message": MESSAGE},
                timeout=60,
            )
            assert response.json() == [], "the lock store should have failed the turn"
        output += read_terminal(controller, 3)
    finally:
        stop_process_group(rasa.process, timeout_s=30)
        output += read_terminal(controller, 1)
        os.close(controller)
    log = output.decode(errors="replace")
    assert "\x1b[" in log, "not the coloured console format: stderr was not a terminal?"
    assert "rest.message.received.failure" in log
    for words in WORDS:
        assert words not in log, f"{words!r} reached the terminal log:\n{log[-3000:]}"
