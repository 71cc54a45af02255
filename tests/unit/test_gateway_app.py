"""The gateway app: factory and lifespan, production checks, headers on every response."""

from __future__ import annotations

import importlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.unit.sms_fakes import FakeRasa, build_client, make_settings, post_signed, twilio_params
from webhook import app as app_module
from webhook.app import create_app
from webhook.store import MemoryStore

LONG = "x" * 32
PRODUCTION = dict(
    production=True,
    redis_url="redis://127.0.0.1:1/0",
    twilio_auth_token=LONG,
    sender_id_secret=LONG,
    stats_token=LONG,
    rasa_auth_token=LONG,
    sms_webhook_url="https://help.example.org/sms",
)


def test_importing_the_app_module_builds_nothing():
    module = importlib.reload(app_module)
    assert not hasattr(module, "app")  # uvicorn --factory webhook.app:create_app


def test_production_needs_redis():
    settings = make_settings(**{**PRODUCTION, "redis_url": None})
    with pytest.raises(RuntimeError, match="REDIS_URL"):
        create_app(settings, store=MemoryStore())


@pytest.mark.parametrize("secret", ["sender_id_secret", "stats_token", "rasa_auth_token",
                                    "twilio_auth_token"])
def test_production_needs_long_secrets(secret):
    settings = make_settings(**{**PRODUCTION, secret: "short-but-set"})
    with pytest.raises(RuntimeError, match=secret.upper()) as raised:
        create_app(settings, store=MemoryStore())
    assert "short-but-set" not in str(raised.value)


def test_production_starts_with_redis_and_long_secrets():
    assert create_app(make_settings(**PRODUCTION), store=MemoryStore())


class ClosingStore(MemoryStore):
    closed = False

    async def close(self) -> None:
        self.closed = True


def test_the_lifespan_closes_the_store():
    store = ClosingStore()
    with build_client(FakeRasa(), store):
        assert not store.closed
    assert store.closed


def test_the_sms_line_is_built_once_not_per_request(monkeypatch):
    built = []
    original = app_module.SmsLine

    def counting(*args, **kwargs):
        built.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(app_module, "SmsLine", counting)
    with build_client(FakeRasa(), MemoryStore()) as client:
        for body in ("hi", "hello", "HELP"):
            assert post_signed(client, twilio_params(body)).status_code == 200
    assert built == [1]


SECURITY_HEADERS = ["content-security-policy", "referrer-policy", "x-content-type-options",
                    "permissions-policy", "cross-origin-opener-policy"]


def test_errors_carry_the_security_headers_and_no_store():
    app = create_app(make_settings(), store=MemoryStore())

    @app.get("/boom")
    async def boom():
        raise ValueError("a bug")

    with TestClient(app, raise_server_exceptions=False) as client:
        for response in (client.get("/boom"), client.get("/nope")):
            assert response.status_code in (404, 500)
            for header in SECURITY_HEADERS:
                assert header in response.headers, (response.status_code, header)
            assert response.headers["cache-control"] == "no-store"
        assert "a bug" not in client.get("/boom").text


@pytest.mark.parametrize("path", ["/directory", "/healthz", "/", "/static/chat.css"])
def test_every_page_is_no_store(path):
    with build_client(FakeRasa(), MemoryStore()) as client:
        assert client.get(path).headers["cache-control"] == "no-store"


@pytest.mark.parametrize("public_url, hsts", [("https://help.example.org", True),
                                              ("http://127.0.0.1:8000", False), (None, False)])
def test_hsts_only_when_the_public_url_is_https(public_url, hsts):
    with build_client(FakeRasa(), MemoryStore(), public_url=public_url) as client:
        headers = client.get("/").headers
    assert ("strict-transport-security" in headers) is hsts
    if hsts:
        assert re.fullmatch(r"max-age=\d{7,}", headers["strict-transport-security"])


class ChatBox(HTMLParser):
    attributes: dict = {}

    def handle_starttag(self, tag, attrs):
        if tag == "textarea" and dict(attrs).get("id") == "message":
            self.attributes = dict(attrs)


def test_the_chat_box_sends_nothing_to_cloud_spellcheck_or_autofill():
    parser = ChatBox()
    parser.feed((Path(app_module.STATIC) / "index.html").read_text(encoding="utf-8"))
    assert parser.attributes["spellcheck"] == "false"
    assert parser.attributes["autocorrect"] == "off"
    assert parser.attributes["autocomplete"] == "off"


def test_only_the_domains_own_button_payloads_may_carry_entities():
    from webhook.rasa_client import IntentPayloads

    payloads = IntentPayloads.from_domain()
    topic = '/choose_safety_plan_topic{"plan_topic": "leaving"}'
    assert payloads.sanitise(topic) == topic  # a button the bot itself offers
    planted = '/choose_safety_plan_topic{"plan_topic": "Jane Smith 07700 900123"}'
    assert not payloads.sanitise(planted).startswith("/")
    assert not payloads.sanitise('/give_place{"area": "somerset"}').startswith("/")
    assert payloads.sanitise("/greet") == "/greet"
    # A choice of two answers the bot offers (ActionUnsure), and nothing else in `asked`.
    choice = '/question{"asked": "question/still_love_them"}'
    assert payloads.sanitise(choice) == choice
    assert not payloads.sanitise('/question{"asked": "my name is Jane"}').startswith("/")
