"""Long-conversation benchmark (not a test): does the turn cap bound latency?

One conversation of 250 turns straight to Rasa's REST channel (no cap: the tracker
grows to 250 turns) and one of 250 turns through the gateway's /api/chat (MAX_TURNS,
default 100, restarts it kindly, so the tracker never holds more than 100 turns). Prints
the median latency of turns 1-10, 91-100, 191-200 and 241-250 for both.

Starts its own stack (ops.launcher, embedded defaults; --redis for the Redis stores,
which rewrite the whole conversation on every message) on ports 27105/27155/27180.

    .venv/bin/python -m bench.long_conversation [--turns 250] [--redis]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import httpx

from bench.stack import start_stack

# A varied conversation: disclosures, needs, chit-chat (cycled).
MESSAGES = [
    "hello",
    "my partner checks my phone and reads my messages",
    "he controls all the money",
    "i need someone to talk to",
    "yes",
    "he says no one will believe me",
    "how do i stay safe online",
    "thank you",
    "can i talk to a real person",
    "my ex keeps turning up outside my work",
    "no",
    "am i talking to a robot",
]
WINDOWS: List[Tuple[int, int]] = [(1, 10), (91, 100), (191, 200), (241, 250)]


LOAD: Dict[str, List[float]] = {"rest": [], "gateway": []}  # 1-min load average per turn


def run_rest(rasa_url: str, turns: int) -> List[float]:
    sender = f"long-{uuid.uuid4().hex}"
    latencies = []
    with httpx.Client(timeout=60) as client:
        for turn in range(turns):
            start = time.perf_counter()
            response = client.post(
                f"{rasa_url}/webhooks/rest/webhook",
                json={"sender": sender, "message": MESSAGES[turn % len(MESSAGES)]},
            )
            latencies.append((time.perf_counter() - start) * 1000)
            LOAD["rest"].append(os.getloadavg()[0])
            response.raise_for_status()
    return latencies


def run_gateway(gateway_url: str, turns: int) -> Tuple[List[float], int, int]:
    conversation = uuid.uuid4().hex
    latencies, restarts, fallbacks = [], 0, 0
    with httpx.Client(timeout=60) as client:
        for turn in range(turns):
            start = time.perf_counter()
            response = client.post(
                f"{gateway_url}/api/chat",
                json={"conversation_id": conversation,
                      "message": MESSAGES[turn % len(MESSAGES)]},
            )
            latencies.append((time.perf_counter() - start) * 1000)
            LOAD["gateway"].append(os.getloadavg()[0])
            response.raise_for_status()
            body = response.json()
            fallbacks += bool(body.get("fallback"))
            restarts += any("started a fresh one" in m["text"] for m in body["messages"])
    return latencies, restarts, fallbacks


def window_medians(latencies: List[float]) -> Dict[str, Optional[float]]:
    medians: Dict[str, Optional[float]] = {}
    for first, last in WINDOWS:
        chunk = latencies[first - 1:last]
        medians[f"{first}-{last}"] = statistics.median(chunk) if len(chunk) == last - first + 1 \
            else None
    return medians


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=250)
    parser.add_argument("--redis", action="store_true", help="Redis stores (local redis-server)")
    parser.add_argument("--port-base", type=int, default=27100)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not 10 <= args.turns <= 2000:
        parser.error("--turns between 10 and 2000")

    print("== starting the stack; about a minute ...", flush=True)
    stack = start_stack("long-conversation-stack", args.port_base, redis=args.redis,
                        extra_env={"SESSION_IDLE_SECONDS": "3600"})
    try:
        max_turns = int(stack.env.get("MAX_TURNS", "100"))
        # Warm up (lazy parts of the pipeline load on the first messages).
        run_rest(stack.rasa_url, 3)
        LOAD["rest"].clear()
        print(f"== {args.turns} turns straight to Rasa's REST channel (no cap)", flush=True)
        rest = run_rest(stack.rasa_url, args.turns)
        print(f"== {args.turns} turns through the gateway (cap {max_turns})", flush=True)
        gateway, restarts, fallbacks = run_gateway(stack.gateway_url, args.turns)
    finally:
        stack.stop()

    rest_medians, gateway_medians = window_medians(rest), window_medians(gateway)
    stores = "Redis" if args.redis else "in-memory"
    print(f"\nmedian latency (ms) by turn number, {stores} stores, one conversation each:")
    print(f"  {'turns':>9}  {'REST, no cap':>12}  {'gateway, cap':>12}  load (1 min, REST/gw)")
    rest_load, gateway_load = window_medians(LOAD["rest"]), window_medians(LOAD["gateway"])
    for key in rest_medians:
        r, g = rest_medians[key], gateway_medians[key]
        print(f"  {key:>9}  {r if r is None else f'{r:12.0f}'}  "
              f"{g if g is None else f'{g:12.0f}'}  "
              f"{rest_load[key] or 0:4.1f} / {gateway_load[key] or 0:4.1f}")
    print(f"  (load = other work on this {os.cpu_count()}-CPU machine too; "
          "above the CPU count, latency is inflated)")
    print(f"  gateway restarts at the cap: {restarts}; safety fallbacks: {fallbacks}")
    if args.json:
        args.json.write_text(json.dumps({
            "turns": args.turns, "stores": stores, "max_turns": max_turns,
            "rest_p50_ms": rest_medians, "gateway_p50_ms": gateway_medians,
            "gateway_restarts": restarts, "gateway_fallbacks": fallbacks,
            "load_avg_1m": {"rest": rest_load, "gateway": gateway_load},
            "rest_ms": rest, "gateway_ms": gateway,
        }, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
