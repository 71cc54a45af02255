"""Faults, for real: parts of a running stack are SIGKILLed in the middle of conversations.

One stack on a throwaway redis-server (the production stores: Redis tracker and lock
stores), with SAFE_STEPS_STATE_FILE so the launcher tells us its children's pids, and
MAX_TURNS=5 so the turn cap can be tested too. For each part (action server, Rasa,
Redis), in the middle of two interleaved conversations:

* the part's process group gets SIGKILL (no clean shutdown);
* the next message still gets an answer through /api/chat within 5 s: the static safety
  reply (999, press 55, the helpline) where the bot cannot answer; a danger message still
  gets Rasa's own 999 reply while only the action server is down (it is a static response);
* the launcher restarts the part by itself (Redis: we start it again, as an operator's
  supervisor would), polled with fresh probe conversations until a normal reply comes back;
* both conversations then carry on normally, and their trackers (read through Rasa's HTTP
  API) hold exactly their own turns: nothing lost that Rasa had, nothing from the other.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import httpx
import pytest

from tests.support.stack import (
    RedisServer,
    Stack,
    free_port,
    launcher_pids,
    start_stack,
    stop_stack,
    user_events,
)
from webhook.safety import gateway_text, safety_reply

pytestmark = [pytest.mark.integration, pytest.mark.redis]

MAX_TURNS = 5
REPLY_WITHIN_S = 5.0
RESTART_WITHIN_S = {"actions": 90, "rasa": 240, "redis": 60}  # Rasa reloads TensorFlow + model
PROBE_EVERY_S = 2.0
DANGER = "he's got a knife and says he will kill me tonight"
SAFETY_TEXT = safety_reply()
RESTART_NOTICE = gateway_text("utter_conversation_restarted")


@pytest.fixture(scope="module")
def fault_stack(redis_server: RedisServer, tmp_path_factory) -> Iterator[Stack]:
    state_file = tmp_path_factory.mktemp("faults") / "state.json"
    ports = {"rasa": free_port(), "actions": free_port(), "gateway": free_port()}
    running = start_stack(
        "stack-faults",
        ports,
        {
            "REDIS_URL": redis_server.url,
            "SAFE_STEPS_STATE_FILE": str(state_file),
            "MAX_TURNS": str(MAX_TURNS),
            "SESSION_IDLE_SECONDS": "900",
            # The probes are fresh conversations from one address, several a second.
            "WEB_NEW_CONVERSATIONS_PER_MINUTE": "100000",
            "WEB_MESSAGES_PER_MINUTE": "100000",
        },
    )
    yield running
    stop_stack(running)


# --- helpers -------------------------------------------------------------------------


def pids(stack: Stack) -> Dict[str, int]:
    """{part: pid} as the launcher last wrote it."""
    return launcher_pids(stack)


def sigkill_part(stack: Stack, part: str) -> int:
    """SIGKILLs the process group of one part; returns the pid it had."""
    pid = pids(stack)[part]
    os.killpg(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # gone (or a zombie until the launcher reaps it)
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            break
        if state == "Z":
            break
        time.sleep(0.05)
    return pid


def chat(stack: Stack, conversation_id: str, message: str) -> Tuple[dict, float]:
    """One turn through the gateway: (body, seconds taken)."""
    start = time.monotonic()
    response = httpx.post(
        f"{stack.gateway_url}/api/chat",
        json={"conversation_id": conversation_id, "message": message},
        timeout=30,
    )
    elapsed = time.monotonic() - start
    assert response.status_code == 200, response.text
    return response.json(), elapsed


def text_of(body: dict) -> str:
    return "\n".join(message["text"] for message in body["messages"])


def normal_turn(stack: Stack, conversation_id: str, message: str) -> dict:
    body, _ = chat(stack, conversation_id, message)
    assert body["fallback"] is False, f"{message!r} got the safety reply"
    assert text_of(body).strip()
    return body


def safety_turn(stack: Stack, conversation_id: str, message: str) -> dict:
    """A turn while a part is down: the safety reply, quickly."""
    body, elapsed = chat(stack, conversation_id, message)
    assert elapsed < REPLY_WITHIN_S, f"reply took {elapsed:.1f} s"
    assert body["fallback"] is True, text_of(body)
    assert text_of(body) == SAFETY_TEXT  # 999 and 55: tests/unit/test_conversation.py
    return body


def probe_until_normal(stack: Stack, part: str, message: str) -> float:
    """Polls with fresh conversations until a normal reply comes back; returns seconds."""
    start = time.monotonic()
    deadline = start + RESTART_WITHIN_S[part]
    attempts = int(RESTART_WITHIN_S[part] / PROBE_EVERY_S) + 1
    for _ in range(attempts):
        try:
            body, _ = chat(stack, f"probe{uuid.uuid4().hex}", message)
            if not body["fallback"]:
                return time.monotonic() - start
        except httpx.HTTPError:
            pass  # the gateway itself is never killed here, but be patient with it
        if time.monotonic() > deadline:
            break
        time.sleep(PROBE_EVERY_S)
    pytest.fail(f"{part} did not come back within {RESTART_WITHIN_S[part]} s")


def wait_restarted(stack: Stack, part: str, old_pid: int) -> int:
    """Waits until the launcher has started a new process for the part; returns its pid."""
    deadline = time.monotonic() + 60  # back-off is 1-30 s
    while time.monotonic() < deadline:
        pid = pids(stack).get(part)
        if pid and pid != old_pid:
            return pid
        time.sleep(0.5)
    pytest.fail(f"the launcher did not restart {part}")


def assert_conversations_apart(stack: Stack, expected: Dict[str, List[str]]) -> None:
    """Each tracker holds exactly its own user turns, in order; no message in two."""
    owners: Dict[str, str] = {}
    for conversation_id, intents in expected.items():
        state = stack.tracker(f"web_{conversation_id}")
        assert state["sender_id"] == f"web_{conversation_id}"
        users = user_events(state)
        assert [u["parse_data"]["intent"]["name"] for u in users] == intents, conversation_id
        for event in users:
            owner = owners.setdefault(event["message_id"], conversation_id)
            assert owner == conversation_id, "one message in two conversations"


def new_id() -> str:
    return uuid.uuid4().hex


# --- tests ---------------------------------------------------------------------------


def test_turn_cap(fault_stack: Stack, redis_server: RedisServer):
    conversation_id = new_id()
    for payload in ["/greet", "/thank", "/ask_staying_safe_online", "/thank", "/greet"]:
        body = normal_turn(fault_stack, conversation_id, payload)
        assert RESTART_NOTICE not in text_of(body)
    assert len(fault_stack.tracker(f"web_{conversation_id}")["events"]) > 5

    body = normal_turn(fault_stack, conversation_id, "/need_someone_to_talk_to")
    assert body["messages"][0]["text"] == RESTART_NOTICE
    assert len(body["messages"]) >= 2, "the message that crossed the cap was not answered"
    assert text_of(body).replace(RESTART_NOTICE, "").strip()

    state = fault_stack.tracker(f"web_{conversation_id}")
    users = [e["parse_data"]["intent"]["name"] for e in user_events(state)]
    assert users == ["need_someone_to_talk_to"], users
    # The gateway's turn counter started again too.
    assert redis_server.client().get(f"safesteps:gw:turns:web_{conversation_id}") == "1"


def test_action_server_killed(fault_stack: Stack):
    first, second = new_id(), new_id()
    normal_turn(fault_stack, first, "/greet")
    normal_turn(fault_stack, second, "/thank")

    old_pid = sigkill_part(fault_stack, "actions")
    # A reply that needs the action server: the safety reply.
    safety_turn(fault_stack, first, "/need_someone_to_talk_to")
    # A danger message: Rasa's own static reply still goes out, with 999 and 55.
    body, elapsed = chat(fault_stack, second, DANGER)
    assert elapsed < REPLY_WITHIN_S, f"danger reply took {elapsed:.1f} s"
    assert body["fallback"] is False
    assert "999" in text_of(body) and "55" in text_of(body)

    wait_restarted(fault_stack, "actions", old_pid)
    probe_until_normal(fault_stack, "actions", "/need_someone_to_talk_to")
    normal_turn(fault_stack, first, "/need_someone_to_talk_to")
    normal_turn(fault_stack, second, "/goodbye")

    assert_conversations_apart(
        fault_stack,
        {
            first: ["greet", "need_someone_to_talk_to", "need_someone_to_talk_to"],
            second: ["thank", "immediate_danger", "goodbye"],
        },
    )


def test_rasa_killed(fault_stack: Stack):
    first, second = new_id(), new_id()
    normal_turn(fault_stack, first, "/greet")
    normal_turn(fault_stack, second, "/ask_staying_safe_online")

    old_pid = sigkill_part(fault_stack, "rasa")
    safety_turn(fault_stack, first, "/need_someone_to_talk_to")
    safety_turn(fault_stack, second, DANGER)  # the safety reply has 999 and 55

    wait_restarted(fault_stack, "rasa", old_pid)
    waited = probe_until_normal(fault_stack, "rasa", "/greet")
    print(f"rasa answered again {waited:.0f} s after its restart began")
    # Conversations on Redis survive Rasa's restart and carry on where they were.
    normal_turn(fault_stack, first, "/thank")
    normal_turn(fault_stack, second, "/need_someone_to_talk_to")

    assert_conversations_apart(
        fault_stack,
        {
            first: ["greet", "thank"],
            second: ["ask_staying_safe_online", "need_someone_to_talk_to"],
        },
    )


def test_redis_killed(fault_stack: Stack, redis_server: RedisServer):
    first, second = new_id(), new_id()
    normal_turn(fault_stack, first, "/greet")
    normal_turn(fault_stack, second, "/thank")

    redis_server.kill()
    try:
        safety_turn(fault_stack, first, "/need_someone_to_talk_to")
        safety_turn(fault_stack, second, DANGER)
    finally:
        redis_server.start()  # same port, empty: this test Redis keeps nothing on disk

    # Nothing is restarted: Rasa, the action server and the gateway reconnect by themselves.
    probe_until_normal(fault_stack, "redis", "/need_someone_to_talk_to")
    normal_turn(fault_stack, first, "/ask_staying_safe_online")
    normal_turn(fault_stack, second, "/goodbye")

    # Redis came back empty, so each conversation holds only what came after; still apart.
    assert_conversations_apart(
        fault_stack,
        {first: ["ask_staying_safe_online"], second: ["goodbye"]},
    )
