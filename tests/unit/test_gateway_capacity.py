"""Capacity kept for people in need: per-client limits, the in-flight cap, priorities."""

from __future__ import annotations

import asyncio
import time
from typing import List

import httpx

from tests.unit.sms_fakes import (
    FakeRasa,
    StoppedClock,
    build_client,
    make_settings,
    sign,
    twilio_params,
)
from webhook.app import create_app
from webhook.rasa_client import RasaClient
from webhook.safety import safety_reply
from webhook.store import MemoryStore

RASA_URL = "http://rasa.test"


def new_id(n: int) -> str:
    return f"conversation-{n:012d}-abcdefgh"


def chat(client, conversation_id: str, client_ip: str | None = None, message: str = "hi"):
    headers = {"X-Forwarded-For": client_ip} if client_ip else {}
    return client.post(
        "/api/chat", json={"conversation_id": conversation_id, "message": message}, headers=headers
    )


def assert_refused_with_the_safety_reply(response) -> None:
    assert response.status_code == 429
    assert response.headers["retry-after"] == "60"
    body = response.json()
    assert body["fallback"] is True
    assert body["messages"][0]["text"] == safety_reply()
    assert "999" in safety_reply() and "0808 2000 247" in safety_reply()


def test_one_client_cannot_start_conversations_without_end():
    rasa = FakeRasa()
    with build_client(rasa, MemoryStore(), web_new_conversations_per_minute=3) as client:
        statuses = [chat(client, new_id(n)).status_code for n in range(5)]
        assert statuses == [200, 200, 200, 429, 429]
        assert_refused_with_the_safety_reply(chat(client, new_id(9)))
        # Refused conversations never reached Rasa.
        assert len(rasa.sent) == 3
        # A conversation already under way carries on.
        assert chat(client, new_id(0)).status_code == 200


def test_one_client_cannot_send_messages_without_end():
    rasa = FakeRasa()
    with build_client(rasa, MemoryStore(), web_messages_per_minute=4) as client:
        statuses = [chat(client, new_id(1)).status_code for _ in range(6)]
    assert statuses == [200, 200, 200, 200, 429, 429]
    assert len(rasa.sent) == 4


def test_a_client_over_its_limit_is_heard_again_the_next_minute():
    rasa, clock = FakeRasa(), StoppedClock()
    with build_client(rasa, MemoryStore(), clock=clock, web_messages_per_minute=2) as client:
        statuses = [chat(client, new_id(1)).status_code for _ in range(3)]
        clock.now += 60
        statuses.append(chat(client, new_id(1)).status_code)
    assert statuses == [200, 200, 429, 200]
    assert len(rasa.sent) == 3


def test_quick_exit_is_limited_too():
    rasa = FakeRasa()
    with build_client(rasa, MemoryStore(), web_exits_per_minute=2) as client:
        statuses = [
            client.post("/api/exit", content=f'{{"conversation_id": "{new_id(n)}"}}',
                        headers={"content-type": "text/plain"}).status_code
            for n in range(4)
        ]
    assert statuses == [204, 204, 429, 429]
    assert len(rasa.wiped) == 2


def test_x_forwarded_for_counts_only_from_a_trusted_proxy():
    rasa = FakeRasa()
    # The TestClient's address is "testclient": trusted here, as a proxy on 127.0.0.1 is.
    with build_client(rasa, MemoryStore(), web_new_conversations_per_minute=1,
                      forwarded_allow_ips="testclient") as client:
        assert chat(client, new_id(1), "203.0.113.1").status_code == 200
        assert chat(client, new_id(2), "203.0.113.1").status_code == 429
        assert chat(client, new_id(3), "203.0.113.2").status_code == 200
    # Not from a trusted proxy: a made-up X-Forwarded-For does not make a new client.
    with build_client(rasa, MemoryStore(), web_new_conversations_per_minute=1) as client:
        assert chat(client, new_id(4), "203.0.113.3").status_code == 200
        assert chat(client, new_id(5), "203.0.113.4").status_code == 429


async def concurrently(app, requests) -> List[httpx.Response]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        return await asyncio.gather(*(request(http) for request in requests))


def app_with(rasa: FakeRasa, store=None, **settings):
    config = make_settings(**settings)
    bot = RasaClient([RASA_URL], transport=httpx.MockTransport(rasa.handle))
    return create_app(config, rasa=bot, store=store or MemoryStore(), clock=StoppedClock())


def post_chat(conversation_id: str, client_ip: str):
    def request(http):
        return http.post("/api/chat", json={"conversation_id": conversation_id, "message": "hi"},
                         headers={"X-Forwarded-For": client_ip})
    return request


def test_a_turn_over_the_cap_gets_the_safety_reply_at_once_not_after_the_deadline():
    rasa = FakeRasa()
    rasa.delay_s = 1.0
    app = app_with(rasa, max_turns_in_flight=2, max_new_conversations_in_flight=2,
                   rasa_timeout_s=5.0, forwarded_allow_ips="127.0.0.1")

    async def run():
        started = time.monotonic()
        timed = []

        def timed_request(conversation_id, ip):
            async def request(http):
                response = await post_chat(conversation_id, ip)(http)
                timed.append((response.json()["fallback"], time.monotonic() - started))
                return response
            return request

        await concurrently(app, [timed_request(new_id(n), f"198.51.100.{n}") for n in range(3)])
        return timed

    results = asyncio.run(run())
    refused = [elapsed for fallback, elapsed in results if fallback]
    answered = [elapsed for fallback, elapsed in results if not fallback]
    assert len(answered) == 2 and len(refused) == 1
    assert refused[0] < 0.5  # at once, while the other two wait for Rasa
    assert len(rasa.sent) == 2


def test_conversations_under_way_and_sms_go_before_new_web_conversations():
    rasa = FakeRasa()
    app = app_with(rasa, max_turns_in_flight=3, max_new_conversations_in_flight=1,
                   rasa_timeout_s=5.0)
    # ASGITransport's client address is 127.0.0.1, a trusted proxy by default.
    asyncio.run(concurrently(app, [post_chat(new_id(0), "192.0.2.1")]))  # now under way
    rasa.delay_s = 0.5
    sms = twilio_params("hello")

    def post_sms(http):
        return http.post("/sms", data=sms, headers={"X-Twilio-Signature": sign(sms)})

    responses = asyncio.run(concurrently(app, [
        post_chat(new_id(1), "192.0.2.2"),  # new: one of these two takes the one place
        post_chat(new_id(2), "192.0.2.3"),  # for new conversations, the other is refused
        post_chat(new_id(0), "192.0.2.1"),  # under way: answered
        post_sms,  # SMS: answered
    ]))
    assert [r.status_code for r in responses] == [200, 200, 200, 200]
    assert sorted(r.json()["fallback"] for r in responses[:2]) == [False, True]
    assert responses[2].json()["fallback"] is False
    assert "Hello there." in responses[3].text


def test_one_client_may_have_only_a_few_turns_in_flight():
    rasa = FakeRasa()
    rasa.delay_s = 0.3
    app = app_with(rasa, web_turns_in_flight_per_client=2)
    responses = asyncio.run(concurrently(app, [post_chat(new_id(n), "192.0.2.9")
                                               for n in range(3)]))
    assert sorted(r.status_code for r in responses) == [200, 200, 429]


def test_the_web_chat_has_an_overall_deadline():
    rasa = FakeRasa()
    rasa.delay_s = 5.0
    with build_client(rasa, MemoryStore(), rasa_timeout_s=0.2) as client:
        started = time.monotonic()
        body = chat(client, new_id(1)).json()
    assert body["fallback"] is True and body["messages"][0]["text"] == safety_reply()
    assert time.monotonic() - started < 2.0


def test_an_ipv6_client_is_counted_by_its_64_not_by_each_address():
    rasa = FakeRasa()
    with build_client(rasa, MemoryStore(), web_new_conversations_per_minute=2,
                      forwarded_allow_ips="testclient") as client:
        statuses = [chat(client, new_id(n), f"2001:db8:1:2::{n + 1:x}").status_code
                    for n in range(3)]
        other_64 = chat(client, new_id(9), "2001:db8:1:3::1").status_code
    assert statuses == [200, 200, 429]
    assert other_64 == 200
