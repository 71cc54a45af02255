"""Privacy on Redis, end to end: a real redis-server and the whole stack with REDIS_URL set.

Plants a name, a phone number, a postcode, an address and an email in conversations
through the gateway, then searches every Redis key and value (all databases, all
types) and the stack's log for them and for the messages typed. Also: the idle expiry
of a conversation, quick exit and SMS FORGET deleting it, pathway metrics counting
without conversation ids, and Redis stopping and starting mid-conversation.

Rasa runs with LOG_LEVEL=DEBUG and LOG_LEVEL_LIBRARIES=DEBUG here, so the log check
covers every level, Sanic's access log included.
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Dict, Iterator, List

import httpx
import pytest
from twilio.request_validator import RequestValidator

from reporting.metric_keys import today, week_key
from tests.support.stack import RedisServer, Stack, free_port, start_stack, stop_stack
from webhook.sms.identity import period_index, period_key_name, sender_id_for_key

pytestmark = [pytest.mark.integration, pytest.mark.redis]
# The fixture redis_server (a throwaway redis-server for this module) is in tests/support/plugin.py.

IDLE_SECONDS = 120
TRACKER_PREFIX = "safesteps:tracker:"
NAME, SURNAME = "Jane", "Quixotelle"
PHONE = "07700 900461"
POSTCODE = "TA1 4DY"
EMAIL = "jane.quixotelle@example.org"
STREET = "Zephyrine Avenue"
PLANTED = [SURNAME, PHONE, PHONE.replace(" ", ""), "900461", POSTCODE, POSTCODE.replace(" ", ""),
           EMAIL, "quixotelle@", STREET, "Zephyrine"]
MESSAGES = [
    f"hi my name is {NAME} {SURNAME}",
    "my husband hits me and checks my phone",
    "yes",
    f"I live at 14 {STREET}, Taunton {POSTCODE}, call me on {PHONE} or email {EMAIL}",
    "he's got a knife and says he will kill me",
]
# What is searched for of the messages: a one-word reply ("yes") is no personal detail and
# can occur inside a random conversation id (it did, in CI on 2026-12-07:
# "...4wc32yes18..."); no id or key holds a space, so every message of several words is
# searched for whole.
SEARCHED_MESSAGES = [message for message in MESSAGES if " " in message]
AREA_IDS = {"somerset", "bath-ne-somerset", "central-bedfordshire", "none", "elsewhere"}
# Issue 15: what survived best-effort redaction into Redis, and more in the same shapes.
HARD_SHAPES = [
    "Nazywam się Małgorzata Wiśniewska, urodziłam się 14.03.1987 w Gdańsku",
    "my NHS number is 485 777 3456",
    "4857773456",
    "NI number QQ 12 34 56 C",
    "@maggie_w_1987",
    "my husband Darren James Whitfield",
    "Ana Maria Popescu CNP 2870314123456",
]
TWILIO_TOKEN = "test-twilio-token"
SENDER_SECRET = "test-sender-secret"


@pytest.fixture(scope="module")
def redis_stack(redis_server) -> Iterator[Stack]:
    ports = {"rasa": free_port(), "actions": free_port(), "gateway": free_port()}
    running = start_stack("stack-redis", ports, {
        "REDIS_URL": redis_server.url,
        "SESSION_IDLE_SECONDS": str(IDLE_SECONDS),
        "LOG_LEVEL": "DEBUG",
        "LOG_LEVEL_LIBRARIES": "DEBUG",
    })
    yield running
    stop_stack(running)


def new_conversation() -> str:
    return secrets.token_urlsafe(24)  # 32 URL-safe characters, as the page makes


def chat(stack: Stack, conversation_id: str, message: str) -> dict:
    response = httpx.post(f"{stack.gateway_url}/api/chat", timeout=30,
                          json={"conversation_id": conversation_id, "message": message})
    assert response.status_code == 200, response.text
    return response.json()


def reply_text(body: dict) -> str:
    return " ".join(message["text"] for message in body["messages"])


def everything_in_redis(server: RedisServer) -> str:
    """Every key and value of every database, of every type, as one string."""
    dumped: List[str] = []
    for db in range(16):
        client = server.client(db)
        for key in client.scan_iter(count=1000):
            kind = client.type(key)
            if kind == "string":
                value = client.get(key)
            elif kind == "hash":
                value = client.hgetall(key)
            elif kind == "list":
                value = client.lrange(key, 0, -1)
            elif kind == "set":
                value = sorted(client.smembers(key))
            elif kind == "zset":
                value = client.zrange(key, 0, -1, withscores=True)
            else:
                value = f"<{kind}>"
            dumped.append(f"db{db} {key} {json.dumps(value, default=str)}")
    return "\n".join(dumped)


def assert_nothing_planted(text: str, where: str) -> None:
    lowered = text.lower()
    for secret in PLANTED + SEARCHED_MESSAGES:
        assert secret.lower() not in lowered, f"{secret!r} found in {where}"


def week_counts(server: RedisServer) -> Dict[str, int]:
    return {k: int(v) for k, v in server.client().hgetall(week_key(today())).items()}


def wait_for(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.fixture(scope="module")
def planted(redis_stack, redis_server) -> str:
    """One web conversation carrying every kind of personal detail."""
    conversation_id = new_conversation()
    for message in MESSAGES:
        body = chat(redis_stack, conversation_id, message)
        assert body["messages"], message
    return conversation_id


def test_the_conversation_is_stored_in_redis(planted, redis_server):
    stored = redis_server.client().get(TRACKER_PREFIX + "web_" + planted)
    assert stored, "the tracker is not in Redis: was the custom store loaded?"
    events = json.loads(stored)["events"]
    intents = [e["parse_data"]["intent"]["name"] for e in events if e["event"] == "user"]
    assert len(intents) == len(MESSAGES)
    assert "immediate_danger" in intents
    assert all(e["text"] is None for e in events if e["event"] in ("user", "bot"))
    # The area slot only ever holds an area id, `elsewhere` or `none`: never typed text.
    for event in events:
        if event["event"] == "slot" and event["name"] == "area" and event["value"]:
            assert event["value"] in AREA_IDS, event["value"]


def test_no_personal_detail_or_message_text_is_in_redis(planted, redis_server):
    assert_nothing_planted(everything_in_redis(redis_server), "Redis")


def test_hard_shapes_typed_where_a_slot_is_filled_leave_no_trace(redis_stack, redis_server):
    """Each string typed as the answer to "which town?", and as a first message."""
    for shape in HARD_SHAPES:
        conversation_id = new_conversation()
        chat(redis_stack, conversation_id, "i need somewhere safe to stay tonight")
        chat(redis_stack, conversation_id, "yes")  # the local-help form asks where
        chat(redis_stack, conversation_id, shape)  # typed while `area` is requested
        chat(redis_stack, new_conversation(), shape + ", i live in Taunton")
    stored = everything_in_redis(redis_server).lower()
    for shape in HARD_SHAPES:
        words = [w.strip(",.") for w in shape.split() if len(w.strip(",.@")) >= 4]
        for piece in [shape, *words]:
            if piece.lower() in ("number", "husband", "taunton"):
                continue
            if piece.isdigit() and len(piece) < 6:
                continue  # four digits of a number also occur in timestamps; the whole is checked
            assert piece.lower() not in stored, f"{piece!r} found in Redis"


def test_the_conversation_expires_after_the_idle_time(planted, redis_server):
    ttl = redis_server.client().ttl(TRACKER_PREFIX + "web_" + planted)
    assert 0 < ttl <= IDLE_SECONDS


def test_quick_exit_removes_the_conversation(redis_stack, redis_server):
    conversation_id = new_conversation()
    chat(redis_stack, conversation_id, f"my name is {NAME} {SURNAME} and he hurts me")
    key = TRACKER_PREFIX + "web_" + conversation_id
    assert redis_server.client().exists(key)
    response = httpx.post(f"{redis_stack.gateway_url}/api/exit", timeout=30,
                          content=json.dumps({"conversation_id": conversation_id}),
                          headers={"Content-Type": "text/plain"})
    assert response.status_code == 204
    assert not redis_server.client().exists(key)
    assert conversation_id not in everything_in_redis(redis_server)


def test_sms_forget_removes_the_conversation(redis_stack, redis_server):
    number = f"+447700900{secrets.randbelow(1000):03d}"
    url = f"{redis_stack.gateway_url}/sms"

    def text(body: str) -> httpx.Response:
        sid = "SM" + secrets.token_hex(16)
        params = {"MessageSid": sid, "SmsMessageSid": sid, "AccountSid": "AC" + "0" * 32,
                  "From": number, "To": "+447700900999", "Body": body, "NumMedia": "0"}
        signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
        return httpx.post(url, data=params, headers={"X-Twilio-Signature": signature},
                          timeout=30)

    assert text(f"hi im called {NAME} {SURNAME}").status_code == 200
    # The gateway's random key of this period, kept in Redis (webhook/sms/identity.py).
    period_key = redis_server.client().get("safesteps:gw:" + period_key_name(period_index(30)))
    key = TRACKER_PREFIX + sender_id_for_key(number, SENDER_SECRET, period_key)
    assert redis_server.client().exists(key)
    forget = text("FORGET")
    assert forget.status_code == 200 and "deleted" in forget.text
    assert not redis_server.client().exists(key)
    assert number not in everything_in_redis(redis_server)


def test_metrics_count_danger_and_signposting_without_ids(redis_stack, redis_server):
    before = week_counts(redis_server)
    conversation_id = new_conversation()
    danger = chat(redis_stack, conversation_id, "he's got a knife, he will kill me")
    assert "999" in reply_text(danger)
    chat(redis_stack, conversation_id, "I need somewhere safe to stay")

    def counted() -> bool:
        after = week_counts(redis_server)
        grew = {k for k, v in after.items() if v > before.get(k, 0)}
        return {"conversation_started", "danger_response", "channel:web",
                "need:safe_place_to_stay"} <= grew and any(
            k.startswith("service_signposted:") for k in grew)

    assert wait_for(counted), (before, week_counts(redis_server))
    for key in redis_server.client().scan_iter("metrics:*"):
        assert key.startswith("metrics:20") and "-W" in key
        assert redis_server.client().type(key) == "hash"
        fields = " ".join(redis_server.client().hkeys(key))
        assert "web_" not in fields and "sms_" not in fields and conversation_id not in fields
        assert redis_server.client().ttl(key) > 0


def test_redis_down_mid_conversation_gets_the_safety_reply(redis_stack, redis_server):
    conversation_id = new_conversation()
    assert not chat(redis_stack, conversation_id, "hello")["fallback"]
    redis_server.stop()
    try:
        body = chat(redis_stack, conversation_id, f"my name is {NAME} {SURNAME}, he hit me")
        assert body["fallback"] is True
        text = reply_text(body)
        assert "999" in text
        for leak in ["Error", "Traceback", "Exception", "redis", "Connection"]:
            assert leak not in text
    finally:
        redis_server.start()
    # redis-py reconnects by itself; the first turn may still find a stale connection.
    worked = False
    for _ in range(3):
        body = chat(redis_stack, conversation_id, "I need someone to talk to")
        if not body["fallback"]:
            worked = True
            break
        time.sleep(1)
    assert worked, "the conversation did not recover after Redis came back"
    assert redis_server.client().exists(TRACKER_PREFIX + "web_" + conversation_id)


def test_nothing_planted_reached_the_log(redis_stack):
    # Last: covers everything above, the Redis outage included.
    log = redis_stack.log_text()
    assert "rest.message.received.failure" in log or "LockError" in log or "Error" in log
    assert_nothing_planted(log, "the stack log")
    assert "test-rasa-token" not in log
