"""Starts the action server, Rasa and the gateway; Ctrl-C stops all three.

Usage: python -m ops.launcher [--workers N]
Settings come from the environment (see README): ports, REDIS_URL, tokens.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
START_TIMEOUT_S = 240  # Rasa loads TensorFlow and the model: ~40 s on 2 cores
RESTART_BACKOFF_MAX_S = 30
# Keeps message text out of every log record of Rasa and the action server (bot.log_filter).
LOGGING_CONFIG = "bot/logging.yml"


def answers(url: str, timeout_s: float = 2) -> bool:
    """Whether `url` answers 200 now."""
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


class NotReady(RuntimeError):
    """A started process exited, or did not answer in time (`exited` tells which)."""

    def __init__(self, message: str, exited: bool) -> None:
        super().__init__(message)
        self.exited = exited


def wait_until_answering(
    urls: Iterable[str], process: subprocess.Popen, timeout_s: float, poll_s: float = 0.5
) -> None:
    """Waits until every URL answers 200; raises NotReady if `process` exits or time runs out.

    For whoever starts this launcher (or another server) as a child: benchmarks, tests.
    """
    deadline = time.monotonic() + timeout_s
    pending = list(urls)
    while True:
        pending = [url for url in pending if not answers(url)]
        if not pending:
            return
        if process.poll() is not None:
            raise NotReady(
                f"exited (code {process.returncode}) before {pending} answered", exited=True
            )
        if time.monotonic() > deadline:
            raise NotReady(f"{pending} did not answer within {timeout_s:.0f} s", exited=False)
        time.sleep(poll_s)


@dataclass
class Service:
    """One child process and how to tell it is ready."""

    name: str
    argv: List[str]
    health_url: str
    env: Dict[str, str] = field(default_factory=dict)
    process: Optional[subprocess.Popen] = None
    started_at: Optional[float] = None
    died_at: Optional[float] = None
    restarts: int = 0

    def start(self, base_env: Dict[str, str]) -> None:
        """Starts the process in its own process group (so Ctrl-C reaches us first)."""
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            self.argv, cwd=ROOT, env={**base_env, **self.env}, start_new_session=True
        )
        self.started_at = time.monotonic()

    def ready(self) -> bool:
        """Whether the health URL answers 200."""
        return answers(self.health_url)

    def alive(self) -> bool:
        """Whether the process is still running."""
        return self.process is not None and self.process.poll() is None

    def restart_due(self) -> bool:
        """Whether the back-off since this process died has passed (1, 2, 4 ... 30 s)."""
        if self.died_at is None:
            self.died_at = time.monotonic()
        backoff = min(RESTART_BACKOFF_MAX_S, 2 ** min(self.restarts, 5))
        return time.monotonic() - self.died_at >= backoff

    def restart(self, base_env: Dict[str, str]) -> None:
        """Starts the process again; a process that stays up 60 s resets the back-off."""
        if self.started_at is not None and time.monotonic() - self.started_at > 60:
            self.restarts = 0
        self.restarts += 1
        self.died_at = None
        self.start(base_env)

    def stop(self) -> None:
        """Sends SIGTERM to the process group."""
        if self.alive():
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass


def redis_env(url: str) -> Dict[str, str]:
    """The REDIS_* variables endpoints.redis.yml reads, from REDIS_URL."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("redis", "rediss"):
        raise ValueError("REDIS_URL must look like redis://[:password@]host[:port][/db]")
    return {
        "REDIS_HOST": parsed.hostname or "127.0.0.1",
        "REDIS_PORT": str(parsed.port or 6379),
        "REDIS_DB": parsed.path.strip("/") or "0",
        "REDIS_PASSWORD": urllib.parse.unquote(parsed.password or ""),
        "REDIS_USE_SSL": "true" if parsed.scheme == "rediss" else "false",
    }


def write_state(services: List["Service"], env: Dict[str, str]) -> None:
    """Writes the children's pids to SAFE_STEPS_STATE_FILE, if set (for fault tests)."""
    path = env.get("SAFE_STEPS_STATE_FILE")
    if not path:
        return
    state = {s.name: s.process.pid for s in services if s.process is not None}
    Path(path).write_text(json.dumps(state), encoding="utf-8")


def build_services(args: argparse.Namespace, env: Dict[str, str]) -> List[Service]:
    """The three processes, on the conventional ports, bound to 127.0.0.1 by default."""
    rasa = str(BIN / "rasa")
    endpoints = "endpoints.redis.yml" if env.get("REDIS_URL") else "endpoints.yml"
    rasa_port = env.get("RASA_PORT", "5005")
    action_port = env.get("ACTION_PORT", "5055")
    gateway_port = env.get("GATEWAY_PORT", "8000")
    gateway_host = env.get("GATEWAY_HOST", "127.0.0.1")
    services = [
        Service(
            "actions",
            [
                rasa,
                "run",
                "actions",
                "--port",
                action_port,
                "--actions",
                "actions",
                "--logging-config-file",
                LOGGING_CONFIG,
            ],
            f"http://127.0.0.1:{action_port}/health",
            env={"SANIC_HOST": "127.0.0.1"},
        )
    ]
    for index in range(args.workers):
        port = str(int(rasa_port) + index)
        services.append(
            Service(
                "rasa" if args.workers == 1 else f"rasa-{index + 1}",
                [
                    rasa,
                    "run",
                    "--model",
                    str(args.model),
                    "--interface",
                    "127.0.0.1",
                    "--port",
                    port,
                    "--enable-api",
                    # one argument: a token starting with "-" would be read as an option
                    f"--auth-token={env['RASA_AUTH_TOKEN']}",
                    "--credentials",
                    "credentials.yml",
                    "--endpoints",
                    endpoints,
                    "--logging-config-file",
                    LOGGING_CONFIG,
                ],
                f"http://127.0.0.1:{port}/",
            )
        )
    rasa_urls = ",".join(f"http://127.0.0.1:{int(rasa_port) + i}" for i in range(args.workers))
    services.append(
        Service(
            "gateway",
            [
                sys.executable,
                "-m",
                "uvicorn",
                "webhook.app:app",
                "--host",
                gateway_host,
                "--port",
                gateway_port,
                "--no-access-log",
            ],
            f"http://127.0.0.1:{gateway_port}/healthz",
            env={"RASA_URLS": rasa_urls},
        )
    )
    return services


def main(argv: Optional[List[str]] = None) -> int:
    """Runs until Ctrl-C, restarting any part that dies."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--workers", type=int, default=1, help="Rasa processes (>1 needs REDIS_URL)"
    )
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "safe-steps.tar.gz")
    args = parser.parse_args(argv)

    env = dict(os.environ)
    # Rasa's telemetry and its Sentry crash reports would send data off the machine;
    # a crash report can hold what someone typed. Always off.
    env["RASA_TELEMETRY_ENABLED"] = "false"
    if args.workers > 1 and not env.get("REDIS_URL"):
        parser.error("--workers > 1 shares conversations through Redis: set REDIS_URL")
    # The Rasa HTTP API (used by the gateway to wipe conversations) always needs a token.
    env.setdefault("RASA_AUTH_TOKEN", secrets.token_urlsafe(32))
    env.setdefault("ACTION_PORT", "5055")  # endpoints*.yml read it
    env["PYTHONPATH"] = (
        f"{ROOT}{os.pathsep}{env['PYTHONPATH']}" if env.get("PYTHONPATH") else str(ROOT)
    )
    if env.get("REDIS_URL"):
        try:
            env.update(redis_env(env["REDIS_URL"]))
        except ValueError as error:
            parser.error(str(error))

    services = build_services(args, env)
    stopping = False

    def stop_all(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop_all)
    signal.signal(signal.SIGTERM, stop_all)

    for service in services:
        service.start(env)
    deadline = time.monotonic() + START_TIMEOUT_S
    pending = list(services)
    while pending and not stopping:
        pending = [s for s in pending if not s.ready()]
        dead = [s.name for s in services if not s.alive()]
        if dead or time.monotonic() > deadline:
            print(
                f"[safe-steps] failed to start: {', '.join(dead or [s.name for s in pending])}",
                file=sys.stderr,
            )
            stopping = True
            break
        time.sleep(0.5)
    exit_code = 0 if not pending else 1
    if not stopping:
        gateway = services[-1]
        rasa_url = f"http://127.0.0.1:{env.get('RASA_PORT', '5005')}"
        print(
            "\n[safe-steps] ready:\n"
            f"  chat page        {gateway.health_url.rsplit('/', 1)[0]}/\n"
            f"  Rasa REST        {rasa_url}/webhooks/rest/webhook\n"
            f"  action server    http://127.0.0.1:{env.get('ACTION_PORT', '5055')}\n"
            "  Ctrl-C stops all three; a part that dies is restarted.\n",
            flush=True,
        )
    write_state(services, env)
    while not stopping:
        # Supervise: a part that dies comes back by itself. Meanwhile the gateway
        # answers every message with the static safety reply.
        for service in services:
            if not service.alive() and service.restart_due():
                print(
                    f"[safe-steps] {service.name} exited ({service.process.returncode}); "
                    f"restart {service.restarts + 1}",
                    file=sys.stderr,
                    flush=True,
                )
                service.restart(env)
                write_state(services, env)
        time.sleep(0.5)
    for service in reversed(services):
        service.stop()
    for service in services:
        if service.process is not None:
            try:
                service.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(service.process.pid, signal.SIGKILL)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
