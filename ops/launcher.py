"""Starts the action server, Rasa and the gateway; Ctrl-C stops all three.

Usage: python -m ops.launcher [--workers N] [--verbose]
Settings come from the environment (see README): ports, REDIS_URL, tokens.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Dict, List, Optional

from ops.processes import (
    QUIET_ENV,
    ROOT,
    START_TIMEOUT_S,
    Service,
    Supervisor,
    action_server,
    gateway,
    rasa_server,
)

# Secrets in production mode: at least this long (secrets.token_urlsafe(32) gives 43,
# Twilio's auth tokens are 32), so that none can be guessed or brute-forced.
MIN_SECRET_CHARS = 32
PRODUCTION_SECRETS = ("RASA_AUTH_TOKEN", "TWILIO_AUTH_TOKEN", "SENDER_ID_SECRET", "STATS_TOKEN")
# Made by the launcher when not set (only Rasa and the gateway need to agree on it).
GENERATED_SECRETS = ("RASA_AUTH_TOKEN",)


def say(message: str) -> None:
    """One line of progress for the person who started the stack."""
    print(f"[safe-steps] {message}", flush=True)


def is_production(env: Dict[str, str]) -> bool:
    """Whether SAFE_STEPS_PRODUCTION is on (the values the gateway's settings accept)."""
    return env.get("SAFE_STEPS_PRODUCTION", "").strip().lower() in ("1", "true", "yes", "on")


def production_problems(env: Dict[str, str]) -> List[str]:
    """Why production mode must not start with this environment (names only, no values)."""
    problems = []
    if not env.get("REDIS_URL"):
        problems.append(
            "REDIS_URL is not set: without Redis, conversations would be kept in memory, "
            "unredacted and never expiring"
        )
    for name in PRODUCTION_SECRETS:
        value = env.get(name, "")
        if not value and name not in GENERATED_SECRETS:
            problems.append(f"{name} is not set")
        elif value and len(value) < MIN_SECRET_CHARS:
            problems.append(f"{name} is shorter than {MIN_SECRET_CHARS} characters")
    return problems


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


def write_state(supervisor: Supervisor, env: Dict[str, str]) -> None:
    """Writes the children's pids to SAFE_STEPS_STATE_FILE, if set (for fault tests)."""
    path = env.get("SAFE_STEPS_STATE_FILE")
    if path:
        Path(path).write_text(json.dumps(supervisor.pids()), encoding="utf-8")


def build_services(args: argparse.Namespace, env: Dict[str, str]) -> List[Service]:
    """The three parts, on the configured ports, bound to 127.0.0.1 by default."""
    endpoints = "endpoints.redis.yml" if env.get("REDIS_URL") else "endpoints.yml"
    rasa_port = int(env.get("RASA_PORT", "5005"))
    rasa_ports = [rasa_port + index for index in range(args.workers)]
    services = [action_server(int(env.get("ACTION_PORT", "5055")))]
    for index, port in enumerate(rasa_ports):
        name = "rasa" if args.workers == 1 else f"rasa-{index + 1}"
        services.append(rasa_server(name, port, args.model, endpoints))
    services.append(
        gateway(
            int(env.get("GATEWAY_PORT", "8000")),
            [f"http://127.0.0.1:{port}" for port in rasa_ports],
            host=env.get("GATEWAY_HOST", "127.0.0.1"),
        )
    )
    return services


def launcher_env(args: argparse.Namespace, environ: Dict[str, str]) -> Dict[str, str]:
    """The environment the children start from (each then loses others' secrets)."""
    env = dict(environ)
    # Rasa's telemetry and its Sentry crash reports would send data off the machine;
    # a crash report can hold what someone typed. Always off.
    env["RASA_TELEMETRY_ENABLED"] = "false"
    if not args.verbose:
        for name, value in QUIET_ENV.items():
            env.setdefault(name, value)
    # The Rasa HTTP API (used by the gateway to wipe conversations) always needs a token.
    env.setdefault("RASA_AUTH_TOKEN", secrets.token_urlsafe(32))
    env.setdefault("ACTION_PORT", "5055")  # endpoints*.yml read it
    env["PYTHONPATH"] = (
        f"{ROOT}{os.pathsep}{env['PYTHONPATH']}" if env.get("PYTHONPATH") else str(ROOT)
    )
    if env.get("REDIS_URL"):
        env.update(redis_env(env["REDIS_URL"]))
    return env


def main(argv: Optional[List[str]] = None) -> int:
    """Runs until Ctrl-C, restarting any part that dies."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--workers", type=int, default=1, help="Rasa processes (>1 needs REDIS_URL)"
    )
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "safe-steps.tar.gz")
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="show every library warning and Rasa's INFO log (hidden by default)",
    )
    args = parser.parse_args(argv)

    if is_production(os.environ):
        problems = production_problems(dict(os.environ))
        if problems:
            print(
                "[safe-steps] SAFE_STEPS_PRODUCTION is on, so the stack will not start:\n"
                + "".join(f"  - {problem}\n" for problem in problems),
                file=sys.stderr,
                end="",
            )
            return 2
    if args.workers > 1 and not os.environ.get("REDIS_URL"):
        parser.error("--workers > 1 shares conversations through Redis: set REDIS_URL")
    try:
        env = launcher_env(args, dict(os.environ))
    except ValueError as error:
        parser.error(str(error))

    supervisor = Supervisor(build_services(args, env), env)
    stopping = False

    def stop_all(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop_all)
    signal.signal(signal.SIGTERM, stop_all)

    started = time.monotonic()
    say("starting the action server, Rasa (it loads the model: about a minute) and the gateway")
    supervisor.start_all()
    failed = supervisor.wait_ready(
        START_TIMEOUT_S,
        should_stop=lambda: stopping,
        on_ready=lambda s: say(f"{s.name} is up ({time.monotonic() - started:.0f} s)"),
    )
    exit_code = 0
    if failed:
        print(f"[safe-steps] failed to start: {', '.join(failed)}", file=sys.stderr, flush=True)
        stopping, exit_code = True, 1
    elif not stopping:
        gateway_service = supervisor.services[-1]
        print(
            "\n[safe-steps] ready:\n"
            f"  chat page        {gateway_service.health_url.rsplit('/', 1)[0]}/\n"
            f"  Rasa REST        http://127.0.0.1:{env.get('RASA_PORT', '5005')}"
            "/webhooks/rest/webhook\n"
            f"  action server    http://127.0.0.1:{env['ACTION_PORT']}\n"
            "  Ctrl-C stops all three; a part that dies is restarted.\n",
            flush=True,
        )
    write_state(supervisor, env)

    def report_restart(service: Service) -> None:
        print(
            f"[safe-steps] {service.name} exited ({service.process.returncode}); "
            f"restart {service.restarts + 1}",
            file=sys.stderr,
            flush=True,
        )

    while not stopping:
        # Supervise: a part that dies comes back by itself. Meanwhile the gateway
        # answers every message with the static safety reply.
        if supervisor.restart_dead(report_restart):
            write_state(supervisor, env)
        time.sleep(0.5)
    say("stopping")
    supervisor.stop_all()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
