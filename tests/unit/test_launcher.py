"""The launcher's command lines and the gateway's choice of Rasa worker."""

from __future__ import annotations

import argparse
import http.server
import subprocess
import sys
import threading

import pytest

from ops import launcher
from webhook.rasa_client import RasaClient


def services(token: str, workers: int = 1):
    args = argparse.Namespace(workers=workers, model="models/safe-steps.tar.gz")
    env = {"RASA_AUTH_TOKEN": token, "RASA_PORT": "5005", "ACTION_PORT": "5055"}
    return {s.name: s for s in launcher.build_services(args, env)}


def test_a_token_starting_with_a_dash_is_one_argument():
    # secrets.token_urlsafe starts with "-" about one time in 64; Rasa must not read it
    # as an option.
    argv = services("-starts-with-a-dash")["rasa"].argv
    assert "--auth-token=-starts-with-a-dash" in argv


def test_rasa_and_the_action_server_listen_on_loopback_only():
    parts = services("t")
    rasa = parts["rasa"].argv
    assert rasa[rasa.index("--interface") + 1] == "127.0.0.1"
    assert parts["actions"].env["SANIC_HOST"] == "127.0.0.1"


def test_workers_get_consecutive_ports_and_the_gateway_knows_them_all():
    parts = services("t", workers=2)
    ports = [p.argv[p.argv.index("--port") + 1] for n, p in parts.items() if n.startswith("rasa")]
    assert ports == ["5005", "5006"]
    assert parts["gateway"].env["RASA_URLS"] == "http://127.0.0.1:5005,http://127.0.0.1:5006"


def test_a_conversation_always_goes_to_the_same_worker_in_every_process():
    urls = ["http://a", "http://b", "http://c"]
    client = RasaClient(urls, 1.0)
    chosen = {client._url_for(f"web_{i}") for i in range(3)}
    assert chosen <= set(urls)
    # The same in every process: a fixed answer (crc32), not hash(), which is salted per
    # process (comparing two calls in one process could not tell them apart).
    assert client._url_for("web_fixed-id") == "http://a"  # zlib.crc32(b"web_fixed-id") % 3 == 0


# --- waiting for started processes (used by the benchmarks and the test fixtures) ------


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
    launcher.wait_until_answering([f"{health_server}/ok"] * 2, running_process, timeout_s=5)


def test_waiting_gives_up_after_the_timeout_naming_what_did_not_answer(
    health_server, running_process
):
    with pytest.raises(launcher.NotReady) as raised:
        launcher.wait_until_answering(
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
    with pytest.raises(launcher.NotReady) as raised:
        launcher.wait_until_answering([f"{health_server}/missing"], process, timeout_s=60)
    assert raised.value.exited is True
    assert "code 3" in str(raised.value)
