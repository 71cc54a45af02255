"""The launcher's command lines and the gateway's choice of Rasa worker."""

from __future__ import annotations

import argparse

from bot import launcher
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
    # crc32 is the same in every process (unlike hash(), salted per process)
    assert client._url_for("web_fixed-id") == RasaClient(urls, 1.0)._url_for("web_fixed-id")
    assert client._url_for("web_fixed-id") == "http://a"  # zlib.crc32(b"web_fixed-id") % 3 == 0
