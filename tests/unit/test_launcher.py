"""The launcher and ops.processes: command lines, secrets per part, production checks,
waiting for and restarting processes, and the gateway's choice of Rasa worker."""

from __future__ import annotations

import argparse
import http.server
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ops import launcher, processes
from ops.processes import NotReady, Service, Supervisor, wait_until_answering
from ops.rasa_cli import rasa_argv
from webhook.rasa_client import RasaClient

LONG = "x" * launcher.MIN_SECRET_CHARS
SECRETS = {
    "RASA_AUTH_TOKEN": "rasa-" + LONG,
    "TWILIO_AUTH_TOKEN": "twilio-" + LONG,
    "SENDER_ID_SECRET": "sender-" + LONG,
    "STATS_TOKEN": "stats-" + LONG,
    "REDIS_URL": "redis://:redis-password@127.0.0.1:6379/0",
}


def arguments(workers: int = 1, verbose: bool = False) -> argparse.Namespace:
    return argparse.Namespace(workers=workers, model="models/safe-steps.tar.gz", verbose=verbose)


def services(token: str = "t", workers: int = 1):
    env = {"RASA_AUTH_TOKEN": token, "RASA_PORT": "5005", "ACTION_PORT": "5055"}
    return {s.name: s for s in launcher.build_services(arguments(workers), env)}


def test_the_rasa_token_is_on_no_command_line():
    # A command line is readable by every user of the machine (ps); the token goes
    # through the environment to ops.rasa_cli instead.
    for service in services("s3cret-token").values():
        assert not any("s3cret-token" in arg for arg in service.argv), service.name
    assert services()["rasa"].argv[1:4] == ["-m", "ops.rasa_cli", "run"]


def test_rasa_gets_the_token_as_one_argument_and_nothing_it_starts_inherits_it():
    # secrets.token_urlsafe starts with "-" about one time in 64; Rasa must not read it
    # as an option.
    environ = {"RASA_AUTH_TOKEN": "-starts-with-a-dash", "HOME": "/home/x"}
    argv = rasa_argv(["run", "--enable-api"], environ)
    assert argv == ["run", "--enable-api", "--auth-token=-starts-with-a-dash"]
    assert environ == {"HOME": "/home/x"}
    # Other commands take no token and get none.
    environ = {"RASA_AUTH_TOKEN": "t"}
    assert rasa_argv(["train", "--quiet"], environ) == ["train", "--quiet"]
    assert environ == {"RASA_AUTH_TOKEN": "t"}


def test_each_part_gets_only_the_secrets_it_needs():
    env = launcher.launcher_env(arguments(), {**SECRETS, "PATH": "/usr/bin"})
    parts = {s.name: s.environment(env) for s in launcher.build_services(arguments(), env)}
    secret_names = set(SECRETS) | {"REDIS_PASSWORD"}
    held = {name: secret_names & set(part_env) for name, part_env in parts.items()}
    assert held["actions"] == set()
    assert held["rasa"] == {"RASA_AUTH_TOKEN", "REDIS_URL", "REDIS_PASSWORD"}
    assert held["gateway"] == {
        "RASA_AUTH_TOKEN", "TWILIO_AUTH_TOKEN", "SENDER_ID_SECRET", "STATS_TOKEN", "REDIS_URL",
    }
    # Everything else still reaches every part.
    assert all(part_env["PATH"] == "/usr/bin" for part_env in parts.values())
    assert parts["rasa"]["REDIS_HOST"] == "127.0.0.1"


def test_rasa_and_the_action_server_log_json_not_terminal_colours():
    parts = services()
    for name in ("rasa", "actions"):
        assert parts[name].env["FORCE_JSON_LOGGING"] == "1"


def test_the_action_server_runs_rasa_sdk_not_rasa():
    argv = services()["actions"].argv
    assert argv[1:3] == ["-m", "ops.action_server"] and "run" not in argv
    assert argv[argv.index("--actions") + 1] == "actions"
    assert argv[argv.index("--port") + 1] == "5055"


def test_rasa_and_the_action_server_listen_on_loopback_only():
    parts = services()
    rasa = parts["rasa"].argv
    assert rasa[rasa.index("--interface") + 1] == "127.0.0.1"
    assert parts["actions"].env["SANIC_HOST"] == "127.0.0.1"


def test_workers_get_consecutive_ports_and_the_gateway_knows_them_all():
    parts = services(workers=2)
    ports = [p.argv[p.argv.index("--port") + 1] for n, p in parts.items() if n.startswith("rasa")]
    assert ports == ["5005", "5006"]
    assert parts["gateway"].env["RASA_URLS"] == "http://127.0.0.1:5005,http://127.0.0.1:5006"


def test_quiet_by_default_and_verbose_brings_everything_back():
    quiet = launcher.launcher_env(arguments(), {"LOG_LEVEL": "DEBUG"})
    assert quiet["PYTHONWARNINGS"] == "ignore" and quiet["TF_CPP_MIN_LOG_LEVEL"] == "3"
    assert quiet["LOG_LEVEL"] == "DEBUG", "a level someone set is kept"
    verbose = launcher.launcher_env(arguments(verbose=True), {})
    assert not set(processes.QUIET_ENV) & set(verbose)


def test_a_conversation_always_goes_to_the_same_worker_in_every_process():
    urls = ["http://a", "http://b", "http://c"]
    client = RasaClient(urls, 1.0)
    chosen = {client._url_for(f"web_{i}") for i in range(3)}
    assert chosen <= set(urls)
    # The same in every process: a fixed answer (crc32), not hash(), which is salted per
    # process (comparing two calls in one process could not tell them apart).
    assert client._url_for("web_fixed-id") == "http://a"  # zlib.crc32(b"web_fixed-id") % 3 == 0


# --- production mode --------------------------------------------------------------------


def run_launcher(monkeypatch, capsys, env):
    for name in (*SECRETS, "SAFE_STEPS_PRODUCTION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(Supervisor, "start_all", lambda self: pytest.fail("started anyway"))
    code = launcher.main([])
    return code, capsys.readouterr().err


def test_production_refuses_to_start_without_redis(monkeypatch, capsys):
    env = {**SECRETS, "SAFE_STEPS_PRODUCTION": "1"}
    del env["REDIS_URL"]
    code, err = run_launcher(monkeypatch, capsys, env)
    assert code != 0
    assert "REDIS_URL is not set" in err


def test_production_refuses_short_or_missing_secrets_and_names_no_value(monkeypatch, capsys):
    env = {**SECRETS, "SAFE_STEPS_PRODUCTION": "true", "STATS_TOKEN": "short-token"}
    del env["SENDER_ID_SECRET"]
    code, err = run_launcher(monkeypatch, capsys, env)
    assert code != 0
    assert f"STATS_TOKEN is shorter than {launcher.MIN_SECRET_CHARS} characters" in err
    assert "SENDER_ID_SECRET is not set" in err
    assert "short-token" not in err and LONG not in err


def test_production_accepts_long_secrets_and_makes_the_rasa_token_itself():
    env = {name: value for name, value in SECRETS.items() if name != "RASA_AUTH_TOKEN"}
    assert launcher.production_problems(env) == []
    made = launcher.launcher_env(arguments(), env)["RASA_AUTH_TOKEN"]
    assert len(made) >= launcher.MIN_SECRET_CHARS


# --- starting, waiting for and restarting processes -------------------------------------


@pytest.fixture
def health_server():
    """A local server whose /ok answers 200 and /missing 404."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            self.send_response(200 if self.path == "/ok" else 404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def running_process():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.kill()
    process.wait()


def test_waiting_returns_once_every_url_answers(health_server, running_process):
    wait_until_answering([f"{health_server}/ok"] * 2, running_process, timeout_s=5)


def test_waiting_gives_up_after_the_timeout_naming_what_did_not_answer(
    health_server, running_process
):
    with pytest.raises(NotReady) as raised:
        wait_until_answering(
            [f"{health_server}/ok", f"{health_server}/missing"],
            running_process,
            timeout_s=0.3,
            poll_s=0.1,
        )
    assert raised.value.exited is False
    assert "/missing" in str(raised.value) and "/ok" not in str(raised.value)


def test_waiting_stops_at_once_when_the_process_exits(health_server):
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    process.wait()
    with pytest.raises(NotReady) as raised:
        wait_until_answering([f"{health_server}/missing"], process, timeout_s=60)
    assert raised.value.exited is True
    assert "code 3" in str(raised.value)


def sleeper(name: str, health_url: str) -> Service:
    return Service(name, "actions", [sys.executable, "-c", "import time; time.sleep(60)"],
                   health_url)


def test_a_part_that_dies_is_restarted_and_every_part_stops(health_server):
    first = sleeper("first", f"{health_server}/ok")
    second = sleeper("second", f"{health_server}/ok")
    supervisor = Supervisor([first, second], {"PATH": "/usr/bin"})
    supervisor.start_all()
    try:
        ready = []
        assert supervisor.wait_ready(5, on_ready=lambda s: ready.append(s.name)) == []
        assert sorted(ready) == ["first", "second"]
        old_pid = second.process.pid
        second.process.kill()
        second.process.wait()
        deadline = time.monotonic() + 5  # the first restart waits 1 s
        while not supervisor.restart_dead() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert second.alive() and second.process.pid != old_pid and second.restarts == 1
    finally:
        supervisor.stop_all(timeout_s=5)
    assert not first.alive() and not second.alive()


def test_a_part_that_never_answers_is_named(health_server):
    supervisor = Supervisor([sleeper("slow", f"{health_server}/missing")], {})
    supervisor.start_all()
    try:
        assert supervisor.wait_ready(0.5) == ["slow"]
    finally:
        supervisor.stop_all(timeout_s=5)


def test_the_action_server_starts_without_tensorflow_and_answers():
    # `rasa run actions` loaded all of Rasa and TensorFlow (about 700 MB); rasa_sdk with
    # our actions and log filter needs neither.
    port = processes.free_port()
    service = processes.action_server(port)
    env = {"PATH": "/usr/bin", "PYTHONPATH": str(processes.ROOT), "PYTHONWARNINGS": "ignore",
           "LOG_LEVEL": "WARNING"}
    service.start(env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_answering([service.health_url], service.process, timeout_s=60)
        mapped = Path(f"/proc/{service.process.pid}/maps").read_text()
        assert "tensorflow" not in mapped
    finally:
        processes.stop_process_group(service.process, timeout_s=10)
