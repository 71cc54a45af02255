"""A real running stack (action server, Rasa, gateway) for integration and browser tests.

Started once per test session with `python -m ops.launcher` on test ports, so it
never collides with a stack a developer has running on 5005/5055/8000. Also a
throwaway redis-server (`redis_server`, one per test module) for stacks on Redis.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Sequence

import httpx
import pytest
import redis

from ops.launcher import NotReady, wait_until_answering

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
    # Every Rasa worker (`--workers N`: RASA_PORT, RASA_PORT+1, ...); rasa_url is the first.
    rasa_urls: List[str] = field(default_factory=list)

    def tracker(self, sender_id: str, worker: int = 0) -> dict:
        """A conversation's server-side tracker, every event, from one Rasa worker's HTTP API."""
        response = httpx.get(
            f"{self.rasa_urls[worker]}/conversations/{sender_id}/tracker",
            # Rasa 3.6 takes its token as ?token=
            params={"token": self.rasa_token, "include_events": "ALL"},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def log_text(self) -> str:
        """Everything the three processes have logged so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def user_events(tracker_json: dict) -> List[dict]:
    """The user turns of a tracker from `Stack.tracker`."""
    return [event for event in tracker_json["events"] if event["event"] == "user"]


def _workers(args: Sequence[str]) -> int:
    """The number of Rasa processes the launcher arguments ask for (`--workers N`)."""
    args = list(args)
    for index, arg in enumerate(args):
        if arg == "--workers" and index + 1 < len(args):
            return int(args[index + 1])
        if arg.startswith("--workers="):
            return int(arg.split("=", 1)[1])
    return 1


def start_stack(
    name: str,
    ports: Dict[str, int],
    extra_env: Dict[str, str] | None = None,
    args: Sequence[str] | None = None,
) -> Stack:
    """Starts a launcher on the given ports and waits until all parts answer.

    `args` go to the launcher (e.g. ["--workers", "2"]: Rasa on ports["rasa"] and the
    next port up; needs REDIS_URL in extra_env).
    """
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
        [sys.executable, "-m", "ops.launcher", *(args or [])],
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
        rasa_urls=[
            f"http://127.0.0.1:{ports['rasa'] + index}" for index in range(_workers(args or []))
        ],
    )
    try:
        wait_until_answering(
            [
                f"{gateway_url}/healthz",
                *(f"{url}/" for url in stack.rasa_urls),
                f"{stack.action_url}/health",
            ],
            process,
            START_TIMEOUT_S,
            poll_s=1,
        )
    except NotReady as error:
        stop_stack(stack)
        raise RuntimeError(f"stack not ready: {error}; see {log_path}") from None
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


def rest(stack: Stack, sender: str, text: str, metadata: dict | None = None) -> list:
    """One turn over Rasa's REST channel, as the checker does it."""
    response = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": text, "metadata": metadata or {}},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RedisServer:
    """A throwaway redis-server on a free port, with no persistence."""

    port: int
    directory: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def kill(self) -> None:
        """SIGKILL: no shutdown, no goodbye to clients (a crash, not a stop)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def client(self, db: int = 0) -> redis.Redis:
        return redis.Redis(port=self.port, db=db, decode_responses=True, socket_timeout=2)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory) -> Iterator[RedisServer]:
    """A redis-server of its own for each test module that asks for one."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed: apt-get install -y redis-server")
    server = RedisServer(free_port(), tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


def launcher_pids(stack: Stack, timeout_s: float = 30.0) -> Dict[str, int]:
    """{part: pid} from the launcher's SAFE_STEPS_STATE_FILE (set it in extra_env).

    The launcher writes the file once all parts are ready and again on every restart;
    it may lag a moment behind the parts answering, so wait for it (bounded).
    """
    path = Path(stack.env["SAFE_STEPS_STATE_FILE"])
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # not written yet, or caught mid-write
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
