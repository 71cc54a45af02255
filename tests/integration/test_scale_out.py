"""Scale-out on Redis: two Rasa processes sharing the Redis tracker and lock stores.

A real redis-server and the whole stack with REDIS_URL and `--workers 2` (Rasa on
17005 and 17006). 50 conversations at once go through the gateway's /api/chat, each a
fixed sequence of button payloads (a different rotation per conversation, so a mix-up
would show). Afterwards every conversation's tracker is read back from Rasa's HTTP API:
each user intent arrived once, in the order sent, and no tracker holds another
conversation's events. Both Rasa processes must have done part of the work; one
conversation whose turns alternate between the two processes must come out whole
(only a shared tracker store can do that); and two messages of one person sent at the
same moment through the gateway must both land, once each.

A known limitation of Rasa 3.6, the same two messages sent straight to two Rasa
processes at once racing in Rasa's Redis lock store, is measured by bench/lock_race.py.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import httpx
import pytest

from tests.support.stack import (
    RedisServer,
    Stack,
    launcher_pids,
    start_stack,
    stop_stack,
    user_events,
)

pytestmark = [pytest.mark.integration, pytest.mark.redis]

PORTS = {"rasa": 17005, "actions": 17055, "gateway": 18200}  # Rasa workers: 17005, 17006
CONVERSATIONS = 50
PAYLOADS = [
    "/greet",
    "/ask_staying_safe_online",
    "/thank",
    "/need_someone_to_talk_to",  # a custom action: the action server is in the path too
    "/goodbye",
]
CLIENT_TIMEOUT_S = 60  # above the gateway's RASA_TIMEOUT_S below
RUN_DEADLINE_S = 300  # the whole 50-conversation run, however slow the machine


def intent_of(payload: str) -> str:
    return payload.lstrip("/")


@pytest.fixture(scope="module")
def scale_stack(redis_server: RedisServer, tmp_path_factory) -> Iterator[Stack]:
    state_file = tmp_path_factory.mktemp("scale") / "state.json"
    running = start_stack(
        "stack-scale-out",
        PORTS,
        {
            "REDIS_URL": redis_server.url,
            "SESSION_IDLE_SECONDS": "900",
            "SAFE_STEPS_STATE_FILE": str(state_file),
            # This test is about order and once-only delivery, not speed: on a busy shared
            # machine a slow turn must not become a safety reply (8 s in production).
            "RASA_TIMEOUT_S": "25",
            # 50 people start at once from one address (this test): admission control
            # (webhook/capacity.py, tested in test_gateway_capacity.py) is not its subject.
            "MAX_TURNS_IN_FLIGHT": "200",
            "MAX_NEW_CONVERSATIONS_IN_FLIGHT": "200",
            "WEB_NEW_CONVERSATIONS_PER_MINUTE": "100000",
            "WEB_MESSAGES_PER_MINUTE": "100000",
            "WEB_TURNS_IN_FLIGHT_PER_CLIENT": "200",
        },
        args=["--workers", "2"],
    )
    yield running
    stop_stack(running)


def worker_pids(stack: Stack) -> Dict[str, int]:
    return {name: pid for name, pid in launcher_pids(stack).items() if name.startswith("rasa-")}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def user_intents(tracker_json: dict) -> List[str]:
    return [event["parse_data"]["intent"]["name"] for event in user_events(tracker_json)]


async def converse(
    client: httpx.AsyncClient, gateway_url: str, conversation_id: str, payloads: List[str]
) -> List[Tuple[float, bool, int]]:
    """One conversation through /api/chat: (latency ms, fallback?, HTTP status) per turn."""
    turns = []
    for payload in payloads:
        start = time.perf_counter()
        response = await client.post(
            f"{gateway_url}/api/chat",
            json={"conversation_id": conversation_id, "message": payload},
        )
        elapsed = (time.perf_counter() - start) * 1000
        fallback = response.status_code != 200 or bool(response.json().get("fallback"))
        turns.append((elapsed, fallback, response.status_code))
    return turns


async def run_all(gateway_url: str, plan: Dict[str, List[str]]):
    limits = httpx.Limits(
        max_connections=CONVERSATIONS * 2, max_keepalive_connections=CONVERSATIONS
    )
    async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT_S, limits=limits) as client:
        start = time.perf_counter()
        results = await asyncio.wait_for(
            asyncio.gather(
                *(converse(client, gateway_url, cid, payloads) for cid, payloads in plan.items())
            ),
            timeout=RUN_DEADLINE_S,
        )
        elapsed = time.perf_counter() - start
    return dict(zip(plan, results, strict=True)), elapsed


def test_fifty_concurrent_conversations_through_two_rasa_processes(scale_stack, capsys):
    stack = scale_stack
    assert len(stack.rasa_urls) == 2
    pids = worker_pids(stack)
    assert set(pids) == {"rasa-1", "rasa-2"}, pids
    cpu_before = {name: cpu_seconds(pid) for name, pid in pids.items()}

    # Conversation i sends the payloads rotated by i: neighbours differ in every position.
    plan = {
        uuid.uuid4().hex: PAYLOADS[i % len(PAYLOADS):] + PAYLOADS[: i % len(PAYLOADS)]
        for i in range(CONVERSATIONS)
    }
    results, elapsed = asyncio.run(run_all(stack.gateway_url, plan))

    latencies = sorted(ms for turns in results.values() for ms, _, _ in turns)
    statuses = [status for turns in results.values() for _, _, status in turns]
    fallbacks = sum(fallback for turns in results.values() for _, fallback, _ in turns)
    total = len(latencies)
    with capsys.disabled():
        print(
            f"\n[scale-out] {CONVERSATIONS} conversations x {len(PAYLOADS)} turns, 2 Rasa workers "
            f"on Redis: {total} messages in {elapsed:.1f} s = {total / elapsed:.1f} msg/s; "
            f"p50 {statistics.median(latencies):.0f} ms, "
            f"p95 {latencies[int(total * 0.95) - 1]:.0f} ms, max {latencies[-1]:.0f} ms; "
            f"fallbacks {fallbacks}"
        )
    assert set(statuses) == {200}
    assert fallbacks == 0, "some turns got the safety reply instead of Rasa's answer"

    # Both processes served part of the load (the gateway spreads conversations).
    cpu_used = {name: cpu_seconds(pid) - cpu_before[name] for name, pid in pids.items()}
    with capsys.disabled():
        print(f"[scale-out] CPU seconds used: {cpu_used}")
    assert all(seconds > 0.5 for seconds in cpu_used.values()), cpu_used

    # Every turn of every conversation arrived once, in order, and nowhere else.
    seen_message_ids: Dict[str, str] = {}
    for index, (conversation_id, payloads) in enumerate(plan.items()):
        sender_id = f"web_{conversation_id}"
        # Read through both workers in turn: they share one store.
        state = stack.tracker(sender_id, worker=index % 2)
        assert state["sender_id"] == sender_id
        assert user_intents(state) == [intent_of(p) for p in payloads], sender_id
        for event in user_events(state):
            message_id = event.get("message_id")
            assert message_id, event
            owner = seen_message_ids.setdefault(message_id, sender_id)
            assert owner == sender_id, f"message {message_id} is in {owner} and {sender_id}"
            assert (event.get("metadata") or {}).get("channel") == "web", event
        # Every user turn was answered, and a bot reply never came before its turn.
        kinds = [e["event"] for e in state["events"] if e["event"] in ("user", "bot")]
        assert kinds[0] == "user" and kinds.count("user") == len(payloads)
        for position, kind in enumerate(kinds):
            if kind == "user" and position + 1 < len(kinds):
                assert kinds[position + 1] == "bot", kinds
        assert kinds[-1] == "bot", kinds
    assert len(seen_message_ids) == CONVERSATIONS * len(PAYLOADS)


async def rest_turn(client: httpx.AsyncClient, base_url: str, sender: str, payload: str) -> list:
    response = await client.post(
        f"{base_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": payload, "metadata": {}},
    )
    response.raise_for_status()
    return response.json()


def test_one_conversation_can_move_between_the_two_processes(scale_stack):
    """Turns of one conversation alternate between the workers: one shared tracker."""
    stack = scale_stack
    senders = [f"scale_{uuid.uuid4().hex}" for _ in range(10)]

    async def alternate(client: httpx.AsyncClient, sender: str) -> None:
        for turn, payload in enumerate(PAYLOADS):
            replies = await rest_turn(client, stack.rasa_urls[turn % 2], sender, payload)
            assert replies, (sender, payload)

    async def run() -> None:
        async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT_S) as client:
            await asyncio.wait_for(
                asyncio.gather(*(alternate(client, sender) for sender in senders)),
                timeout=RUN_DEADLINE_S,
            )

    asyncio.run(run())
    for sender in senders:
        for worker in (0, 1):
            intents = user_intents(stack.tracker(sender, worker))
            assert intents == [intent_of(p) for p in PAYLOADS], (sender, worker, intents)


def test_simultaneous_messages_of_one_conversation_through_the_gateway(scale_stack):
    """Two messages of one person at the same moment: the gateway queues them; both land."""
    stack = scale_stack
    conversations = [uuid.uuid4().hex for _ in range(10)]

    async def pair(client: httpx.AsyncClient, conversation_id: str) -> List[dict]:
        bodies = []
        for response in await asyncio.gather(*(
            client.post(f"{stack.gateway_url}/api/chat",
                        json={"conversation_id": conversation_id, "message": payload})
            for payload in ("/thank", "/goodbye")
        )):
            assert response.status_code == 200
            bodies.append(response.json())
        return bodies

    async def run() -> List[List[dict]]:
        async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT_S) as client:
            return await asyncio.wait_for(
                asyncio.gather(*(pair(client, cid) for cid in conversations)),
                timeout=RUN_DEADLINE_S,
            )

    for bodies in asyncio.run(run()):
        assert not any(body["fallback"] for body in bodies), bodies
    for conversation_id in conversations:
        intents = user_intents(stack.tracker(f"web_{conversation_id}"))
        assert sorted(intents) == ["goodbye", "thank"], (conversation_id, intents)
