"""Bad input never gets a 5xx: a hypothesis fuzz of every gateway route, plus explicit cases."""

from __future__ import annotations

import json

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from webhook.app import create_app
from webhook.config import Settings
from webhook.rasa_client import RasaClient
from webhook.store import MemoryStore

TOKEN = "fuzz-twilio-token"
SMS_URL = "https://safe-steps.example.org/sms"
# A fixed budget, so the fuzz takes the same time on every run (raise it by hand to dig).
BUDGET = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def fake_rasa(request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        200, json=[{"text": "ok", "buttons": [{"title": "A", "payload": "/greet"}]}]
    )


@pytest.fixture(scope="module")
def client():
    app = create_app(
        Settings(
            rasa_urls="http://rasa.test",
            twilio_auth_token=TOKEN,
            sms_webhook_url=SMS_URL,
            sender_id_secret="fuzz-secret",
            stats_token="fuzz-stats",
            sms_rate_limit_per_minute=100000,
            # The fuzz is one client sending thousands of requests: not what it tests.
            web_new_conversations_per_minute=100000,
            web_messages_per_minute=100000,
            web_exits_per_minute=100000,
        ),
        rasa=RasaClient(
            ["http://rasa.test"], auth_token="t", transport=httpx.MockTransport(fake_rasa)
        ),
        store=MemoryStore(),
    )
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)
chat_bodies = st.fixed_dictionaries(
    {},
    optional={
        "conversation_id": st.text(max_size=80)
        | st.from_regex(r"[A-Za-z0-9_-]{22,64}", fullmatch=True),
        "message": st.text(max_size=1200) | json_values,
        "language": st.text(max_size=5) | json_values,
    },
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "application/xml",
        "",
        "application/json; charset=latin-1",
    ]
)


@BUDGET
@given(body=chat_bodies)
def test_chat_never_5xx_on_any_json(client, body):
    response = client.post("/api/chat", json=body)
    assert response.status_code < 500, response.text
    if response.status_code == 200:
        assert response.json()["messages"]


@BUDGET
@given(
    raw=st.binary(max_size=3000),
    content_type=CONTENT_TYPES,
    path=st.sampled_from(["/api/chat", "/api/exit", "/sms"]),
)
def test_raw_bytes_never_5xx(client, raw, content_type, path):
    headers = {"content-type": content_type} if content_type else {}
    response = client.post(path, content=raw, headers=headers)
    assert response.status_code < 500, (path, response.text)


@BUDGET
@given(
    fields=st.dictionaries(
        st.sampled_from(["From", "Body", "MessageSid", "NumMedia", "To", "OptOutType", "X"]),
        st.text(max_size=200),
        max_size=7,
    )
)
def test_signed_sms_forms_never_5xx(client, fields):
    signature = RequestValidator(TOKEN).compute_signature(SMS_URL, fields)
    response = client.post("/sms", data=fields, headers={"X-Twilio-Signature": signature})
    assert response.status_code < 500, response.text


@pytest.mark.parametrize("depth, statuses", [(100, (200,)), (5_000, (400,)), (100_000, (413,))])
def test_deeply_nested_json_never_5xx(client, depth, statuses):
    # 100 levels inside an unknown field: ignored. 5,000 levels fit under the body
    # limit but exceed Python's recursion limit: a clear 400. 100,000: too large.
    raw = "[" * depth + "]" * depth
    body = json.dumps({"conversation_id": "a" * 32, "message": "hi"})[:-1] + ', "x": ' + raw + "}"
    response = client.post("/api/chat", content=body, headers={"content-type": "application/json"})
    assert response.status_code in statuses


def test_oversized_body_is_413_with_a_clear_message(client):
    response = client.post("/api/chat", json={"conversation_id": "a" * 32, "message": "x" * 20_000})
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_long_message_is_413_and_says_the_limit(client):
    response = client.post("/api/chat", json={"conversation_id": "a" * 32, "message": "x" * 1001})
    assert response.status_code == 413
    assert "1000" in response.json()["detail"]


@pytest.mark.parametrize(
    "raw, status",
    [
        (b"\xff\xfe\xfa not utf-8", 400),
        (b'{"conversation_id": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"', 400),  # truncated JSON
        (b"", 400),
    ],
)
def test_malformed_json_is_a_clear_4xx(client, raw, status):
    response = client.post("/api/chat", content=raw, headers={"content-type": "application/json"})
    assert response.status_code in (status, 422)
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"message": "hi"},
        {"conversation_id": "a" * 32},
        {"conversation_id": "short", "message": "hi"},
    ],
)
def test_missing_or_bad_fields_name_the_field_without_echoing_text(client, body):
    response = client.post("/api/chat", json=body)
    assert response.status_code == 422
    assert "hi" not in response.text.replace("detail", "")


@pytest.mark.parametrize("text", ["   ", "\n\t"])
def test_empty_text_is_a_kind_422(client, text):
    response = client.post("/api/chat", json={"conversation_id": "a" * 32, "message": text})
    assert response.status_code == 422


def test_body_without_content_length_is_411(client):
    def chunks():
        yield b'{"conversation_id": "' + b"a" * 32 + b'", "message": "hi"}'

    response = client.post(
        "/api/chat", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 411


def test_wrong_method_and_unknown_path_are_4xx(client):
    assert client.get("/api/chat").status_code == 405
    assert client.get("/nope").status_code == 404
