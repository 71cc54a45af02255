"""The SMS line's test doubles: a fake Rasa, signed Twilio requests, stores, a client.

Shared by test_sms_webhook.py and test_sms_language.py (one module, so one FakeRasa
class and one MessageSid counter); their fixtures `store`, `rasa` and `client` are in
tests/unit/conftest.py.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any, Dict, List, Optional
from xml.etree import ElementTree

import fakeredis
import httpx
from fastapi.testclient import TestClient
from twilio.request_validator import RequestValidator

from webhook.app import create_app
from webhook.config import Settings
from webhook.rasa_client import RasaClient
from webhook.safety import first_reply_safety
from webhook.sms.identity import period_index, period_key_name, sender_id_for_key
from webhook.sms.messages import load_messages
from webhook.store import MemoryStore

TOKEN = "test-twilio-token"
PUBLIC_URL = "https://safe-steps.example.org/sms"
SECRET = "test-sender-secret"
RASA_URL = "http://rasa.test"
NUMBER = "+447700900123"
# Every way the number might leak: E.164, national, bare digits, the local part.
NUMBER_FORMS = ["+447700900123", "447700900123", "07700900123", "7700900123", "07700 900123"]
MESSAGES = load_messages()
# What a conversation's first reply opens with when the bot's reply has no 55 step.
FIRST_REPLY_LINE = first_reply_safety()


def on_first_turn(*texts: str) -> List[str]:
    """An SMS first reply's texts: the 999 and 55 line in its own text, then the bot's."""
    return [FIRST_REPLY_LINE, *texts]


def make_settings(**overrides: Any) -> Settings:
    values: Dict[str, Any] = {
        "twilio_auth_token": TOKEN,
        "sms_webhook_url": PUBLIC_URL,
        "sender_id_secret": SECRET,
        "rasa_urls": RASA_URL,
        "rasa_auth_token": "rasa-test-token",
        "rasa_timeout_s": 2.0,
        "redis_url": None,
        "production": False,
    }
    values.update(overrides)
    return Settings(**values)


class FakeRasa:
    """Rasa's REST channel and tracker API, as far as the gateway uses them."""

    def __init__(self) -> None:
        self.sent: List[Dict[str, Any]] = []
        self.wiped: List[str] = []
        self.replies: List[Dict[str, Any]] = [{"recipient_id": "x", "text": "Hello there."}]
        self.status = 200
        self.wipe_status = 200
        self.down = False
        self.delay_s = 0.0

    async def handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        if request.method == "PUT":
            match = re.fullmatch(r"/conversations/([^/]+)/tracker/events", request.url.path)
            assert match, request.url.path
            self.wiped.append(match.group(1))
            return httpx.Response(self.wipe_status, json={})
        assert request.url.path == "/webhooks/rest/webhook"
        self.sent.append(json.loads(request.content))
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self.status != 200:
            return httpx.Response(self.status, text="error")
        return httpx.Response(200, json=self.replies)


class StoppedClock:
    """A clock that moves only when a test moves it: per-minute limits then never reset
    because a test happened to straddle a real minute boundary."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def build_client(
    rasa: FakeRasa, store, clock: Optional[StoppedClock] = None, **settings: Any
) -> TestClient:
    config = make_settings(**settings)
    client = RasaClient(
        config.rasa_url_list,
        auth_token=config.rasa_auth_token,
        transport=httpx.MockTransport(rasa.handle),
    )
    return TestClient(create_app(config, rasa=client, store=store, clock=clock or StoppedClock()))


_sid_counter = iter(range(10**6))


def twilio_params(body: str | None = "hi", sid: str | None = None, **extra: str) -> Dict[str, str]:
    """The fields Twilio posts for an inbound SMS."""
    params = {
        "ToCountry": "GB",
        "ToState": "",
        "SmsMessageSid": sid or f"SM{next(_sid_counter):032d}",
        "NumMedia": "0",
        "ToCity": "",
        "FromZip": "",
        "SmsSid": "",
        "FromState": "",
        "SmsStatus": "received",
        "FromCity": "",
        "FromCountry": "GB",
        "To": "+447700900999",
        "ToZip": "",
        "NumSegments": "1",
        "MessageSid": "",
        "AccountSid": "AC" + "0" * 32,
        "From": NUMBER,
        "ApiVersion": "2010-04-01",
    }
    params["SmsSid"] = params["MessageSid"] = params["SmsMessageSid"]
    if body is not None:
        params["Body"] = body
    params.update(extra)
    return params


def sign(params: Dict[str, str], url: str = PUBLIC_URL, token: str = TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def post_signed(client: TestClient, params: Dict[str, str], **kwargs: Any) -> httpx.Response:
    return client.post("/sms", data=params, headers={"X-Twilio-Signature": sign(params, **kwargs)})


def sms_text(client: TestClient, body: str | None = "hi", **extra: str) -> List[str]:
    response = post_signed(client, twilio_params(body, **extra))
    assert response.status_code == 200, response.text
    return messages_of(response)


def messages_of(response: httpx.Response) -> List[str]:
    assert response.headers["content-type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "Response"
    assert all(child.tag == "Message" for child in root)
    return [child.text or "" for child in root]


def joined(parts: List[str]) -> str:
    return " ".join(parts)


def stored_items(store) -> Dict[str, str]:
    if isinstance(store, MemoryStore):
        return store.snapshot()
    sync = fakeredis.FakeRedis(server=store.server, decode_responses=True)
    items = {}
    for key in sync.keys("*"):
        items[key] = sync.get(key) if sync.type(key) == "string" else repr(sync.dump(key))
    return items


def current_sender_id(store, number: str = NUMBER, period_days: float = 30) -> str:
    """The conversation id the gateway gives a number now, under the key it keeps."""
    name = period_key_name(period_index(period_days))
    keys = [value for key, value in stored_items(store).items() if key.endswith(name)]
    assert len(keys) == 1, "the gateway keeps one random key per period"
    return sender_id_for_key(number, SECRET, keys[0])
