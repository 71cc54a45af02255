"""A real running stack (action server, Rasa, gateway) for integration and browser tests.

Started with `ops.processes.start_launcher` (`python -m ops.launcher`) on test ports, so
it never collides with a stack a developer has running on 5005/5055/8000.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence

import httpx
import pytest

from ops.processes import (
    LaunchedStack,
    NotReady,
    RedisServer,
    StackPorts,
    free_port,
    start_launcher,
)

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "safe-steps.tar.gz"
ARTIFACTS = ROOT / "test-artifacts"
START_TIMEOUT_S = 300
RASA_TOKEN = "test-rasa-token"

__all__ = [
    "ARTIFACTS", "RedisServer", "Stack", "free_port", "launcher_pids", "rest", "start_stack",
    "stop_stack", "user_events",
]


class Stack(LaunchedStack):
    """Where the running stack listens, and how to reach its internals."""

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
    ports: Mapping[str, int],
    extra_env: Optional[Dict[str, str]] = None,
    args: Optional[Sequence[str]] = None,
) -> Stack:
    """Starts a launcher on the given ports and waits until all parts answer.

    `ports` has "rasa", "actions" and "gateway". `args` go to the launcher (e.g.
    ["--workers", "2"]: Rasa on ports["rasa"] and the next port up; needs REDIS_URL in
    extra_env). Its output goes to test-artifacts/<name>.log.
    """
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run scripts/test.sh (it trains first)")
    stack_ports = StackPorts(ports["rasa"], ports["actions"], ports["gateway"])
    gateway_url = f"http://127.0.0.1:{stack_ports.gateway}"
    env = {
        **os.environ,
        "RASA_AUTH_TOKEN": RASA_TOKEN,
        "TWILIO_AUTH_TOKEN": "test-twilio-token",
        "SMS_WEBHOOK_URL": f"{gateway_url}/sms",
        "SENDER_ID_SECRET": "test-sender-secret",
        "STATS_TOKEN": "test-stats-token",
        "QUICK_EXIT_URL": f"{gateway_url}/healthz",
        "RASA_TELEMETRY_ENABLED": "false",
        **(extra_env or {}),
    }
    env.pop("SAFE_STEPS_PRODUCTION", None)  # test secrets are short on purpose
    log_path = ARTIFACTS / f"{name}.log"
    args = list(args or [])
    workers = _workers(args)
    args = [a for i, a in enumerate(args) if not _is_workers_arg(args, i)]
    try:
        stack = start_launcher(
            stack_ports, log_path, env, args=args, workers=workers,
            timeout_s=START_TIMEOUT_S, stack_class=Stack,
        )
    except NotReady as error:
        raise RuntimeError(f"stack not ready: {error}; see {log_path}") from None
    return stack


def _is_workers_arg(args: Sequence[str], index: int) -> bool:
    """Whether args[index] is `--workers`, its value, or `--workers=N`."""
    arg = args[index]
    return (
        arg == "--workers"
        or arg.startswith("--workers=")
        or (index > 0 and args[index - 1] == "--workers")
    )


def stop_stack(stack: Stack) -> None:
    """Ctrl-C for the launcher: it stops its three children."""
    stack.stop(timeout_s=30)


def rest(stack: Stack, sender: str, text: str, metadata: Optional[dict] = None) -> list:
    """One turn over Rasa's REST channel, as the checker does it."""
    response = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": text, "metadata": metadata or {}},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()


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
