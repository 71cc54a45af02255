"""Starting, watching and stopping the assistant's processes, in one place.

`ops.launcher` runs the three parts with it (the action server, Rasa, the gateway);
the benchmarks and the test fixtures start the launcher itself with `start_launcher`,
or a single part, and stop it with `stop_process_group`. Everything listens on
127.0.0.1, and every wait is bounded.

Each part gets only the secrets it needs (`SECRETS_OF`): a crash dump, a debug page or
a compromised dependency in one part cannot reveal another part's secrets.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Union

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Rasa loads TensorFlow and the model: about 40 s on 2 cores, more when the CPU is shared.
START_TIMEOUT_S = 240
RESTART_BACKOFF_MAX_S = 30
# Keeps message text out of every log record of Rasa and the action server (bot.log_filter).
LOGGING_CONFIG = "bot/logging.yml"

# Every secret the stack knows of, and which part needs which. Rasa reads its Redis
# settings from endpoints.redis.yml (REDIS_*); the gateway signs, hashes and wipes with
# the others; the action server needs none.
SECRET_NAMES: FrozenSet[str] = frozenset({
    "RASA_AUTH_TOKEN", "TWILIO_AUTH_TOKEN", "SENDER_ID_SECRET", "STATS_TOKEN",
    "REDIS_URL", "REDIS_PASSWORD",
})
SECRETS_OF: Dict[str, FrozenSet[str]] = {
    "actions": frozenset(),
    "rasa": frozenset({"RASA_AUTH_TOKEN", "REDIS_URL", "REDIS_PASSWORD"}),
    "gateway": frozenset({
        "RASA_AUTH_TOKEN", "TWILIO_AUTH_TOKEN", "SENDER_ID_SECRET", "STATS_TOKEN", "REDIS_URL",
    }),
}

# A quiet start: the libraries' deprecation notices and TensorFlow's start-up chatter
# are for their maintainers, not for someone starting the assistant (`--verbose` keeps
# them). Set at the source, in each child's environment; a value already in the
# environment wins.
QUIET_ENV = {
    # Python warnings of every category: Rasa re-enables its own UserWarnings "once".
    "PYTHONWARNINGS": "ignore",
    "TF_CPP_MIN_LOG_LEVEL": "3",  # TensorFlow's C++ log: errors only
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "LOG_LEVEL": "WARNING",  # Rasa's own log level (rasa reads LOG_LEVEL)
    "LOG_LEVEL_LIBRARIES": "ERROR",  # Sanic, TensorFlow, asyncio... as Rasa sets them
    "UVICORN_LOG_LEVEL": "warning",  # the gateway's server (uvicorn reads UVICORN_*)
}
# Rasa's structlog writes JSON when this is set, even on a terminal: its coloured console
# format wraps `text=` in colour codes, which bot.log_filter then has to see through.
JSON_LOGGING_ENV = {"FORCE_JSON_LOGGING": "1"}


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
    """Waits until every URL answers 200; raises NotReady if `process` exits or time runs out."""
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


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Whether nothing listens on the port (connections left in TIME_WAIT do not count)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def env_for(part: str, env: Dict[str, str]) -> Dict[str, str]:
    """`env` without the secrets that `part` ("rasa", "actions", "gateway") does not need."""
    allowed = SECRETS_OF[part]
    return {key: value for key, value in env.items() if key not in SECRET_NAMES or key in allowed}


def stop_process_group(
    process: subprocess.Popen, sig: int = signal.SIGINT, timeout_s: float = 30
) -> None:
    """Sends `sig` to the process's group (started with start_new_session), then SIGKILL."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


Output = Union[None, int, IO]


@dataclass
class Service:
    """One child process, the secrets it may see, and how to tell it is ready."""

    name: str
    part: str  # "actions", "rasa" or "gateway": which secrets it gets (SECRETS_OF)
    argv: List[str]
    health_url: str
    env: Dict[str, str] = field(default_factory=dict)
    process: Optional[subprocess.Popen] = None
    started_at: Optional[float] = None
    died_at: Optional[float] = None
    restarts: int = 0

    def environment(self, base_env: Dict[str, str]) -> Dict[str, str]:
        """What the process is started with: `base_env` minus others' secrets, plus its own."""
        return {**env_for(self.part, base_env), **self.env}

    def start(self, base_env: Dict[str, str], stdout: Output = None, stderr: Output = None) -> None:
        """Starts the process in its own process group (so Ctrl-C reaches the launcher first)."""
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            self.argv,
            cwd=ROOT,
            env=self.environment(base_env),
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
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
        """Starts the process again; a process that stayed up 60 s resets the back-off."""
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


def action_server(port: int) -> Service:
    """rasa_sdk's own server with our actions: no Rasa, no TensorFlow in this process."""
    return Service(
        "actions",
        "actions",
        [
            PYTHON, "-m", "ops.action_server",
            "--actions", "actions",
            "--port", str(port),
            # rasa_sdk spells this option with an underscore
            "--logging-config_file", LOGGING_CONFIG,
        ],
        f"http://127.0.0.1:{port}/health",
        env={"SANIC_HOST": "127.0.0.1", **JSON_LOGGING_ENV},
    )


def rasa_server(name: str, port: int, model: Union[str, Path], endpoints: str) -> Service:
    """`rasa run` with the HTTP API; the API token comes from RASA_AUTH_TOKEN (ops.rasa_cli)."""
    return Service(
        name,
        "rasa",
        [
            PYTHON, "-m", "ops.rasa_cli", "run",
            "--model", str(model),
            "--interface", "127.0.0.1",
            "--port", str(port),
            "--enable-api",
            "--credentials", "credentials.yml",
            "--endpoints", endpoints,
            "--logging-config-file", LOGGING_CONFIG,
        ],
        f"http://127.0.0.1:{port}/",
        env=dict(JSON_LOGGING_ENV),
    )


def gateway(port: int, rasa_urls: Sequence[str], host: str = "127.0.0.1") -> Service:
    """The FastAPI gateway (chat page, SMS, stats) under uvicorn."""
    return Service(
        "gateway",
        "gateway",
        [
            PYTHON, "-m", "uvicorn", "--factory", "webhook.app:create_app",
            "--host", host,
            "--port", str(port),
            "--no-access-log",
        ],
        f"http://127.0.0.1:{port}/healthz",
        env={"RASA_URLS": ",".join(rasa_urls)},
    )


class Supervisor:
    """Starts services in order, waits for them, restarts what dies, stops in reverse order."""

    def __init__(self, services: List[Service], env: Dict[str, str]) -> None:
        self.services = services
        self.env = env

    def start_all(self) -> None:
        """Starts every service at once (they load in parallel)."""
        for service in self.services:
            service.start(self.env)

    def wait_ready(
        self,
        timeout_s: float,
        should_stop: Callable[[], bool] = lambda: False,
        on_ready: Callable[[Service], None] = lambda service: None,
    ) -> List[str]:
        """Waits until every service answers; returns the names of those that failed.

        A service fails when it exits or has not answered after `timeout_s`. `on_ready`
        is called once for each service as it starts answering.
        """
        deadline = time.monotonic() + timeout_s
        pending = list(self.services)
        while pending and not should_stop():
            for service in [s for s in pending if s.ready()]:
                pending.remove(service)
                on_ready(service)
            dead = [s.name for s in self.services if not s.alive()]
            if dead:
                return dead
            if pending and time.monotonic() > deadline:
                return [s.name for s in pending]
            if pending:
                time.sleep(0.5)
        return []

    def restart_dead(self, report: Callable[[Service], None] = lambda service: None) -> bool:
        """Restarts each dead service whose back-off has passed; whether any was restarted."""
        restarted = False
        for service in self.services:
            if not service.alive() and service.restart_due():
                report(service)
                service.restart(self.env)
                restarted = True
        return restarted

    def stop_all(self, timeout_s: float = 15) -> None:
        """SIGTERM in reverse start order (the gateway first), then SIGKILL what lingers."""
        for service in reversed(self.services):
            service.stop()
        for service in reversed(self.services):
            if service.process is None:
                continue
            try:
                service.process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(service.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                service.process.wait(timeout=10)

    def pids(self) -> Dict[str, int]:
        """{service name: pid} of the processes started so far."""
        return {s.name: s.process.pid for s in self.services if s.process is not None}


# --- the launcher as a child process: for the benchmarks and the test fixtures -------


@dataclass(frozen=True)
class StackPorts:
    """Where a stack listens. Rasa workers take `rasa`, `rasa` + 1, ..."""

    rasa: int
    actions: int
    gateway: int

    @classmethod
    def free(cls) -> "StackPorts":
        """Three ports nothing listens on now (one Rasa worker)."""
        return cls(free_port(), free_port(), free_port())

    def launcher_env(self) -> Dict[str, str]:
        """The variables that put ops.launcher on these ports."""
        return {
            "RASA_PORT": str(self.rasa),
            "ACTION_PORT": str(self.actions),
            "GATEWAY_PORT": str(self.gateway),
        }


@dataclass
class LaunchedStack:
    """A running `python -m ops.launcher` and how to reach its parts."""

    ports: StackPorts
    workers: int
    env: Dict[str, str]
    process: subprocess.Popen
    log_path: Path

    @property
    def gateway_url(self) -> str:
        """The gateway's base URL."""
        return f"http://127.0.0.1:{self.ports.gateway}"

    @property
    def rasa_urls(self) -> List[str]:
        """Every Rasa worker's base URL; the first is `rasa_url`."""
        return [f"http://127.0.0.1:{self.ports.rasa + i}" for i in range(self.workers)]

    @property
    def rasa_url(self) -> str:
        """The first Rasa worker's base URL."""
        return self.rasa_urls[0]

    @property
    def action_url(self) -> str:
        """The action server's base URL."""
        return f"http://127.0.0.1:{self.ports.actions}"

    @property
    def rasa_token(self) -> str:
        """The token of Rasa's HTTP API (`?token=`)."""
        return self.env["RASA_AUTH_TOKEN"]

    def health_urls(self) -> List[str]:
        """What answers 200 once every part is up."""
        return [
            f"{self.gateway_url}/healthz",
            f"{self.action_url}/health",
            *(f"{url}/" for url in self.rasa_urls),
        ]

    def stop(self, timeout_s: float = 60) -> None:
        """Ctrl-C for the launcher: it stops its children in order."""
        stop_process_group(self.process, signal.SIGINT, timeout_s)


def start_launcher(
    ports: StackPorts,
    log_path: Path,
    env: Dict[str, str],
    args: Sequence[str] = (),
    workers: int = 1,
    timeout_s: float = START_TIMEOUT_S,
    stack_class: type = LaunchedStack,
) -> LaunchedStack:
    """Starts `python -m ops.launcher [args]` and waits until all its parts answer.

    `env` is the launcher's whole environment (ports are added from `ports`); its output
    goes to `log_path`. Raises NotReady (after stopping what started) if it fails;
    `stack_class` (a LaunchedStack subclass with no extra fields) is what is returned.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    full_env = {
        **env,
        **ports.launcher_env(),
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p),
    }
    workers_args = ["--workers", str(workers)] if workers != 1 else []
    with open(log_path, "w", encoding="utf-8") as log:
        # The child keeps its own copy of the file descriptor.
        process = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "ops.launcher", *workers_args, *args],
            cwd=ROOT,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    stack = stack_class(ports, workers, full_env, process, log_path)
    try:
        wait_until_answering(stack.health_urls(), process, timeout_s, poll_s=1)
    except BaseException:
        stack.stop()
        raise
    return stack


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


class RedisServer:
    """A throwaway redis-server on a free loopback port, with nothing kept on disk."""

    def __init__(self, port: Optional[int] = None, directory: Optional[Path] = None) -> None:
        if shutil.which("redis-server") is None:
            raise RuntimeError("redis-server is not installed: apt-get install -y redis-server")
        self.port = port or free_port()
        self._own_directory = directory is None
        self.directory = directory or Path(tempfile.mkdtemp(prefix="safe-steps-redis-"))
        self.process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        """REDIS_URL for this server (database 0)."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout_s: float = 10) -> "RedisServer":
        """Starts it and waits until it accepts connections."""
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.1)
        self.kill()
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        """A clean shutdown (SIGTERM)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def kill(self) -> None:
        """SIGKILL: no shutdown, no goodbye to clients (a crash, not a stop)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def remove(self) -> None:
        """Stops it and deletes its directory if this object made it."""
        self.stop()
        if self._own_directory:
            shutil.rmtree(self.directory, ignore_errors=True)

    def client(self, db: int = 0):
        """A redis-py client of this server (decoded strings)."""
        import redis

        return redis.Redis(port=self.port, db=db, decode_responses=True, socket_timeout=2)
