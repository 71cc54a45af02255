"""Probe (not a test): two messages of one conversation on two Rasa processes at once.

Rasa 3.6's RedisLockStore updates its ticket lock with a plain GET then SET, which is
not atomic: two messages of one conversation arriving at two Rasa processes at the
same moment can lose a ticket, and one of them fails with LockError (Rasa answers []
and the gateway sends the safety reply) or is answered and then overwritten. One
gateway process avoids it: its per-conversation queue sends one message of a
conversation at a time, always to the same worker (tests/integration/test_scale_out.py
checks that). Several gateway processes in front of several Rasa processes would not.

This bypasses the gateway to measure how often the race happens on this machine. It
starts its own stack on a throwaway redis-server with two Rasa workers (ports
port_base+5, +6, +55, +80) and prints how many of the messages went unanswered or were
lost. It cannot pass or fail: the numbers are for deciding whether a fix (an atomic
lock store) is worth it.

    .venv/bin/python -m bench.lock_race [--conversations 20] [--port-base 27300]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import uuid
from typing import List

import httpx

from bench.stack import start_stack

CLIENT_TIMEOUT_S = 60


async def rest_turn(client: httpx.AsyncClient, base_url: str, sender: str, payload: str) -> list:
    """One message over Rasa's REST channel; Rasa's replies."""
    response = await client.post(
        f"{base_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": payload, "metadata": {}},
    )
    response.raise_for_status()
    return response.json()


def user_intents(tracker: dict) -> List[str]:
    """The intents of a tracker's user turns, in order."""
    return [e["parse_data"]["intent"]["name"] for e in tracker["events"] if e["event"] == "user"]


async def probe(rasa_urls: List[str], token: str, conversations: int) -> None:
    """Greets, then sends /thank to worker 1 and /goodbye to worker 2 at the same moment."""
    senders = [f"race_{uuid.uuid4().hex}" for _ in range(conversations)]

    async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT_S) as client:

        async def pair(sender: str) -> List[list]:
            await rest_turn(client, rasa_urls[0], sender, "/greet")
            return list(await asyncio.gather(
                rest_turn(client, rasa_urls[0], sender, "/thank"),
                rest_turn(client, rasa_urls[1], sender, "/goodbye"),
            ))

        results = await asyncio.gather(*(pair(sender) for sender in senders))
        unanswered = sum(not replies for both in results for replies in both)
        lost = twice = 0
        for sender, both in zip(senders, results, strict=True):
            response = await client.get(
                f"{rasa_urls[0]}/conversations/{sender}/tracker",
                params={"token": token, "include_events": "ALL"},
            )
            response.raise_for_status()
            intents = user_intents(response.json())
            twice += intents.count("thank") > 1 or intents.count("goodbye") > 1
            for replies, intent in zip(both, ("thank", "goodbye"), strict=True):
                lost += bool(replies) and intent not in intents  # answered, then overwritten
    print(
        f"simultaneous messages on two Rasa workers: {unanswered} of {2 * conversations} "
        f"unanswered (LockError), {lost} answered but lost, {twice} conversations with a "
        "message stored twice"
    )


def main() -> int:
    """Starts a two-worker Redis stack, runs the probe, stops the stack."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--port-base", type=int, default=27300)
    args = parser.parse_args()
    print("starting a stack on Redis with two Rasa workers (about a minute)...", flush=True)
    stack = start_stack("lock-race-stack", args.port_base, workers=2, redis=True)
    try:
        asyncio.run(probe(stack.rasa_urls, stack.rasa_token, args.conversations))
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
