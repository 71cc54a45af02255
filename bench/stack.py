"""A stack for benchmarks: `python -m ops.launcher` on bench ports, optionally on Redis.

Shared by bench/load.py, bench/long_conversation.py and bench/lock_race.py; started
and stopped with ops.processes, as the launcher and the test fixtures are. Loopback
only. Every wait is bounded. The stack's log goes to bench/out/<name>.log.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from typing import Dict, Optional

from ops.processes import (
    ROOT,
    LaunchedStack,
    NotReady,
    RedisServer,
    StackPorts,
    free_port,
    port_is_free,
    rss_mb,
    start_launcher,
)

__all__ = ["OUT", "START_TIMEOUT_S", "BenchStack", "free_port", "port_is_free", "rss_mb",
           "start_stack"]

OUT = ROOT / "bench" / "out"
START_TIMEOUT_S = 420  # Rasa loads TensorFlow and the model; slower when the CPU is shared


@dataclass
class BenchStack(LaunchedStack):
    """A running launcher, how to reach it, and the redis-server it owns (if any)."""

    name: str = ""
    redis: Optional[RedisServer] = None
    extra: Dict[str, str] = field(default_factory=dict)

    def rss_mb(self) -> float:
        """Resident memory of the launcher and all its children, in MB."""
        return rss_mb([self.process.pid])

    def stop(self, timeout_s: float = 60) -> None:
        """Ctrl-C for the launcher (it stops its children), then Redis."""
        super().stop(timeout_s)
        if self.redis is not None:
            self.redis.remove()


def start_stack(
    name: str,
    port_base: int,
    workers: int = 1,
    redis: bool = False,
    redis_url: Optional[str] = None,
    extra_env: Optional[Dict[str, str]] = None,
) -> BenchStack:
    """Starts ops.launcher: Rasa on port_base+5 (+1 per worker), actions +55, gateway +80."""
    ports = StackPorts(port_base + 5, port_base + 55, port_base + 80)
    wanted = [*(ports.rasa + i for i in range(workers)), ports.actions, ports.gateway]
    busy = [port for port in wanted if not port_is_free(port)]
    if busy:
        raise SystemExit(f"ports in use: {busy}; pick another --port-base")
    if workers > 1 and not (redis or redis_url):
        raise SystemExit("--workers > 1 needs --redis or --redis-url")
    local_redis = RedisServer().start() if redis and not redis_url else None
    if local_redis is not None:
        redis_url = local_redis.url
    gateway_url = f"http://127.0.0.1:{ports.gateway}"
    env = {
        **os.environ,
        "RASA_AUTH_TOKEN": secrets.token_urlsafe(32),
        "TWILIO_AUTH_TOKEN": secrets.token_hex(16),
        "SMS_WEBHOOK_URL": f"{gateway_url}/sms",
        "SENDER_ID_SECRET": secrets.token_urlsafe(32),
        "STATS_TOKEN": secrets.token_urlsafe(32),
        "RASA_TELEMETRY_ENABLED": "false",
        **(extra_env or {}),
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    log_path = OUT / f"{name}.log"
    try:
        stack = start_launcher(
            ports, log_path, env, workers=workers, timeout_s=START_TIMEOUT_S,
            stack_class=BenchStack,
        )
    except NotReady as error:
        if local_redis is not None:
            local_redis.remove()
        raise SystemExit(f"the stack was not ready: {error}; see {log_path}") from None
    except BaseException:
        if local_redis is not None:
            local_redis.remove()
        raise
    stack.name, stack.redis = name, local_redis
    return stack
