"""A real running stack (action server, Rasa, gateway) for integration and browser tests.

Started once per test session with `python -m bot.launcher` on test ports, so it
never collides with a stack a developer has running on 5005/5055/8000.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "safe-steps.tar.gz"
ARTIFACTS = ROOT / "test-artifacts"
START_TIMEOUT_S = 300


@dataclass
class Stack:
    """Where the running stack listens, and how to reach its internals."""

    gateway_url: str
    rasa_url: str
    action_url: str
    rasa_token: str
    log_path: Path
    env: Dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None

    def tracker(self, sender_id: str) -> dict:
        """The server-side tracker of a conversation, through Rasa's HTTP API."""
        response = httpx.get(
            f"{self.rasa_url}/conversations/{sender_id}/tracker",
            params={"token": self.rasa_token},  # Rasa 3.6 takes its token as ?token=
            timeout=10,
        )
        response.raise_for_status()
        return response.json()

    def log_text(self) -> str:
        """Everything the three processes have logged so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _wait_ready(urls, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    pending = list(urls)
    while pending:
        if process.poll() is not None:
            raise RuntimeError(f"stack exited early; see {log_path}")
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"stack not ready after {START_TIMEOUT_S}s: {pending}; see {log_path}"
            )
        still = []
        for url in pending:
            try:
                if httpx.get(url, timeout=2).status_code != 200:
                    still.append(url)
            except httpx.HTTPError:
                still.append(url)
        pending = still
        if pending:
            time.sleep(1)


def start_stack(name: str, ports: Dict[str, int], extra_env: Dict[str, str] | None = None) -> Stack:
    """Starts a launcher on the given ports and waits until all parts answer."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run scripts/test.sh (it trains first)")
    ARTIFACTS.mkdir(exist_ok=True)
    gateway_url = f"http://127.0.0.1:{ports['gateway']}"
    env = {
        **os.environ,
        "RASA_PORT": str(ports["rasa"]),
        "ACTION_PORT": str(ports["actions"]),
        "GATEWAY_PORT": str(ports["gateway"]),
        "RASA_AUTH_TOKEN": "test-rasa-token",
        "TWILIO_AUTH_TOKEN": "test-twilio-token",
        "SMS_WEBHOOK_URL": f"{gateway_url}/sms",
        "SENDER_ID_SECRET": "test-sender-secret",
        "STATS_TOKEN": "test-stats-token",
        "QUICK_EXIT_URL": f"{gateway_url}/healthz",
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "RASA_TELEMETRY_ENABLED": "false",
        **(extra_env or {}),
    }
    log_path = ARTIFACTS / f"{name}.log"
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "bot.launcher"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    stack = Stack(
        gateway_url=gateway_url,
        rasa_url=f"http://127.0.0.1:{ports['rasa']}",
        action_url=f"http://127.0.0.1:{ports['actions']}",
        rasa_token="test-rasa-token",
        log_path=log_path,
        env=env,
        process=process,
    )
    try:
        _wait_ready(
            [f"{gateway_url}/healthz", f"{stack.rasa_url}/", f"{stack.action_url}/health"],
            process,
            log_path,
        )
    except Exception:
        stop_stack(stack)
        raise
    return stack


def stop_stack(stack: Stack) -> None:
    """Ctrl-C for the launcher: it stops its three children."""
    if stack.process and stack.process.poll() is None:
        os.killpg(stack.process.pid, signal.SIGINT)
        try:
            stack.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(stack.process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def stack():
    """The embedded-defaults stack (in-memory stores) on test ports."""
    running = start_stack("stack", {"rasa": 15005, "actions": 15055, "gateway": 18000})
    yield running
    stop_stack(running)


def rest(stack: Stack, sender: str, text: str, metadata: dict | None = None) -> list:
    """One turn over Rasa's REST channel, as the checker does it."""
    response = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": text, "metadata": metadata or {}},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()
