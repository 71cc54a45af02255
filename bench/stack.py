"""A stack for benchmarks: `python -m ops.launcher` on bench ports, optionally on Redis.

Shared by bench/load.py and bench/long_conversation.py. Loopback only. Every wait is
bounded. The stack's log goes to bench/out/<name>.log.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from ops.launcher import NotReady, wait_until_answering

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
START_TIMEOUT_S = 420  # Rasa loads TensorFlow and the model; slower when the CPU is shared


def port_is_free(port: int) -> bool:
    """Whether nothing listens on the port (connections left in TIME_WAIT do not count)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(root_pids: List[int]) -> float:
    """Resident memory of these processes and all their descendants, in MB."""
    children: Dict[int, List[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    total_kb, todo, seen = 0, list(root_pids), set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        todo.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            pass
    return total_kb / 1024


class LocalRedis:
    """A throwaway redis-server on a free loopback port, nothing kept on disk."""

    def __init__(self) -> None:
        if shutil.which("redis-server") is None:
            raise SystemExit("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self._dir = tempfile.mkdtemp(prefix="bench-redis-")
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self._dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise SystemExit("redis-server did not start")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self._dir, ignore_errors=True)


@dataclass
class BenchStack:
    """A running launcher and how to reach it."""

    name: str
    gateway_url: str
    rasa_urls: List[str]
    action_url: str
    env: Dict[str, str]
    process: subprocess.Popen
    log_path: Path
    redis: Optional[LocalRedis] = None
    extra: Dict[str, str] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return self.rasa_urls[0]

    def rss_mb(self) -> float:
        return rss_mb([self.process.pid])

    def stop(self) -> None:
        """Ctrl-C for the launcher (it stops its children), then Redis."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        if self.redis is not None:
            self.redis.stop()


def start_stack(
    name: str,
    port_base: int,
    workers: int = 1,
    redis: bool = False,
    redis_url: Optional[str] = None,
    extra_env: Optional[Dict[str, str]] = None,
) -> BenchStack:
    """Starts ops.launcher: Rasa on port_base+5 (+1 per worker), actions +55, gateway +80."""
    rasa_port, action_port, gateway_port = port_base + 5, port_base + 55, port_base + 80
    wanted = [*(rasa_port + i for i in range(workers)), action_port, gateway_port]
    busy = [port for port in wanted if not port_is_free(port)]
    if busy:
        raise SystemExit(f"ports in use: {busy}; pick another --port-base")
    local_redis = LocalRedis() if redis and not redis_url else None
    if local_redis is not None:
        redis_url = local_redis.url
    if workers > 1 and not redis_url:
        raise SystemExit("--workers > 1 needs --redis or --redis-url")
    gateway_url = f"http://127.0.0.1:{gateway_port}"
    env = {
        **os.environ,
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "GATEWAY_PORT": str(gateway_port),
        "RASA_AUTH_TOKEN": secrets.token_hex(24),  # hex: a token starting "-" breaks argv
        "TWILIO_AUTH_TOKEN": secrets.token_hex(16),
        "SMS_WEBHOOK_URL": f"{gateway_url}/sms",
        "SENDER_ID_SECRET": secrets.token_urlsafe(24),
        "STATS_TOKEN": secrets.token_urlsafe(24),
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "RASA_TELEMETRY_ENABLED": "false",
        **(extra_env or {}),
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    OUT.mkdir(parents=True, exist_ok=True)
    log_path = OUT / f"{name}.log"
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the stack
    argv = [sys.executable, "-m", "ops.launcher", "--workers", str(workers)]
    process = subprocess.Popen(  # noqa: S603
        argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    stack = BenchStack(
        name=name,
        gateway_url=gateway_url,
        rasa_urls=[f"http://127.0.0.1:{rasa_port + i}" for i in range(workers)],
        action_url=f"http://127.0.0.1:{action_port}",
        env=env,
        process=process,
        log_path=log_path,
        redis=local_redis,
    )
    urls = [f"{gateway_url}/healthz", f"{stack.action_url}/health",
            *(f"{url}/" for url in stack.rasa_urls)]
    try:
        wait_until_answering(urls, process, START_TIMEOUT_S, poll_s=1)
    except NotReady as error:
        stack.stop()
        raise SystemExit(f"the stack was not ready: {error}; see {log_path}") from None
    except BaseException:
        stack.stop()
        raise
    return stack
