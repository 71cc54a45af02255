"""Load benchmark (not a test): N conversations held for M minutes through the gateway.

Half the simulated people use the web chat (POST /api/chat), half text in (POST /sms,
signed exactly as Twilio signs, with twilio's RequestValidator). Each person writes, waits
1-3 s (think time), writes again; after 4-12 messages they leave and a new person takes
their place, so N conversations are always open. Every 15 s and at the end it prints,
per channel, p50/p95/p99 latency, and the errors (non-200, timeouts, refused), safety
fallbacks (the static safety reply instead of the bot's), SMS rate-limit replies, and
the resident memory (RSS) of the launcher and all its children.

Each web person is its own client: it sends its own X-Forwarded-For address, which the
gateway trusts from 127.0.0.1 (FORWARDED_ALLOW_IPS), as it would from a TLS proxy.

--flood adds one client (one address) that floods /api/chat with a fresh conversation id
per request, --flood-concurrency at a time (120), for the whole run, from a process of its
own (so its loop does not slow the measuring one). The totals then show the people's
p50/p95 and fallbacks beside how many flood requests were refused (429), answered, or
given the safety reply.

By default it starts its own stack (ops.launcher, embedded defaults: in-memory stores) on
ports 27005/27055/27080; --redis runs a throwaway local redis-server (or --redis-url an
existing one) and --workers 2 two Rasa processes. --url attaches to a running gateway
instead (then pass --twilio-token and --sms-url as that gateway has them, and --pid of
its launcher for RSS): parts can be killed by hand during a run.

    .venv/bin/python bench/load.py --conversations 20 --minutes 2 [--redis --workers 2]
    make load LOAD_ARGS="--redis --workers 2"
    make load LOAD_ARGS="--flood"
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import random
import secrets
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional
from xml.etree import ElementTree

import httpx
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ itself comes first on sys.path, where bench/bench.py would
# shadow the bench package: look things up from the repository root instead.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

from bench.stack import BenchStack, rss_mb, start_stack  # noqa: E402
from webhook.safety import safety_reply  # noqa: E402

SAFETY_MARK = safety_reply()[:40]  # the opening words of the static safety reply
RATE_LIMIT_MARK = "You've sent a lot of texts very quickly"
CLIENT_TIMEOUT_S = 20.0  # Twilio gives a webhook 15 s in all
# What people write (none is a training example verbatim), and web buttons.
OPENERS = [
    "hi",
    "hello, can you help me",
    "i think my relationship isn't ok",
    "my partner checks my phone all the time",
    "he hits me when he has had a drink",
    "im worried about my sister, her husband scares her",
]
FOLLOW_UPS = [
    "he controls all the money and i cant buy food without asking",
    "i need somewhere safe to stay tonight",
    "can i talk to a real person",
    "how do i delete this chat",
    "am i talking to a robot",
    "my ex keeps turning up outside my work",
    "he says no one will believe me",
    "i live in somerset",
    "yes",
    "no",
    "thank you",
    "he's got a knife and says he will kill me",  # a danger message now and then
]
WEB_BUTTONS = ["/need_someone_to_talk_to", "/ask_staying_safe_online", "/thank"]
FLOOD_ADDRESS = "203.0.113.66"  # TEST-NET-3: the flooding client


def person_address(n: int) -> str:
    """The address of the n-th simulated web person (198.18.0.0/15, for benchmarks)."""
    return f"198.18.{n // 250}.{n % 250 + 1}"


async def flood(gateway_url: str, concurrency: int, seconds: float) -> Dict[str, int]:
    """One client sending fresh conversations, `concurrency` at a time, for `seconds`."""
    counts = {"sent": 0, "refused": 0, "answered": 0, "fallback": 0, "other": 0, "errors": 0}
    until = time.monotonic() + seconds
    headers = {"X-Forwarded-For": FLOOD_ADDRESS}

    async def worker(client: httpx.AsyncClient) -> None:
        while time.monotonic() < until:
            counts["sent"] += 1
            try:
                response = await client.post(
                    f"{gateway_url}/api/chat", headers=headers,
                    json={"conversation_id": secrets.token_urlsafe(24), "message": "hi"},
                )
            except httpx.HTTPError:
                counts["errors"] += 1
                continue
            if response.status_code == 429:
                counts["refused"] += 1
            elif response.status_code == 200:
                counts["fallback" if response.json().get("fallback") else "answered"] += 1
            else:
                counts["other"] += 1

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT_S, limits=limits) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return counts


def flood_process(gateway_url: str, concurrency: int, seconds: float, pipe) -> None:  # noqa: ANN001
    """The flood in a process of its own; sends its counts back through `pipe`."""
    pipe.send(asyncio.run(flood(gateway_url, concurrency, seconds)))
ENDINGS = ["thanks, bye", "ok thank you", "bye"]


@dataclass
class Sample:
    at: float  # seconds since the start of the run
    channel: str
    ms: float
    outcome: str  # ok | fallback | error | rate_limited


@dataclass
class Results:
    started: float = field(default_factory=time.monotonic)
    samples: List[Sample] = field(default_factory=list)
    rss: List[float] = field(default_factory=list)
    load: List[float] = field(default_factory=list)  # 1-minute load average, per report
    error_kinds: Dict[str, int] = field(default_factory=dict)

    def add(self, channel: str, ms: float, outcome: str, error: str = "") -> None:
        self.samples.append(Sample(time.monotonic() - self.started, channel, ms, outcome))
        if error:
            self.error_kinds[error] = self.error_kinds.get(error, 0) + 1


def percentile(values: List[float], q: float) -> float:
    """Nearest-rank percentile (q in 0-100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def summarise(samples: List[Sample], channel: str) -> Dict[str, float]:
    mine = [s for s in samples if s.channel == channel]
    answered = [s.ms for s in mine if s.outcome != "error"]
    summary: Dict[str, float] = {
        "n": len(mine),
        "errors": sum(s.outcome == "error" for s in mine),
        "fallbacks": sum(s.outcome == "fallback" for s in mine),
        "rate_limited": sum(s.outcome == "rate_limited" for s in mine),
    }
    if answered:
        summary.update(
            p50=statistics.median(answered),
            p95=percentile(answered, 95),
            p99=percentile(answered, 99),
            max=max(answered),
        )
    return summary


def describe(summary: Dict[str, float], channel: str) -> str:
    if "p50" not in summary:
        return f"{channel:3} n={summary['n']:4}"
    return (
        f"{channel:3} n={summary['n']:4} p50 {summary['p50']:6.0f} p95 {summary['p95']:6.0f} "
        f"p99 {summary['p99']:6.0f} ms err {summary['errors']} fb {summary['fallbacks']}"
        + (f" rl {summary['rate_limited']}" if channel == "sms" else "")
    )


class Load:
    """The simulated people and what they measure."""

    def __init__(self, args: argparse.Namespace, gateway_url: str, twilio_token: str,
                 sms_url: str, rss_pid: Optional[int]) -> None:
        self.args = args
        self.gateway_url = gateway_url.rstrip("/")
        self.validator = RequestValidator(twilio_token)
        self.sms_url = sms_url
        self.rss_pid = rss_pid
        self.results = Results()
        self.rng = random.Random(args.seed)
        self.numbers = iter(range(10**6))  # fresh phone numbers for new SMS conversations
        self.flood_counts: Optional[Dict[str, int]] = None

    def script(self, channel: str) -> List[str]:
        """One person's messages: an opener, 2-10 follow-ups, a goodbye."""
        length = self.rng.randint(4, 12)
        middle = [self.rng.choice(FOLLOW_UPS) for _ in range(length - 2)]
        if channel == "web":  # people on the page also press buttons
            middle = [self.rng.choice(WEB_BUTTONS) if self.rng.random() < 0.3 else m
                      for m in middle]
        return [self.rng.choice(OPENERS), *middle, self.rng.choice(ENDINGS)]

    async def web_turn(self, client: httpx.AsyncClient, conversation_id: str, text: str,
                       address: str) -> None:
        start = time.perf_counter()
        try:
            response = await client.post(
                f"{self.gateway_url}/api/chat",
                json={"conversation_id": conversation_id, "message": text},
                headers={"X-Forwarded-For": address},
            )
            ms = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                self.results.add("web", ms, "error", f"web HTTP {response.status_code}")
                return
            body = response.json()
            if not body.get("messages"):
                self.results.add("web", ms, "error", "web empty reply")
            elif body.get("fallback"):
                self.results.add("web", ms, "fallback")
            else:
                self.results.add("web", ms, "ok")
        except (httpx.HTTPError, ValueError) as error:
            ms = (time.perf_counter() - start) * 1000
            self.results.add("web", ms, "error", f"web {type(error).__name__}")

    async def sms_turn(self, client: httpx.AsyncClient, number: str, text: str) -> None:
        sid = "SM" + secrets.token_hex(16)
        params = {
            "MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid,
            "AccountSid": "AC" + "0" * 32, "From": number, "To": "+447700900999",
            "Body": text, "NumMedia": "0", "NumSegments": "1", "FromCountry": "GB",
            "ApiVersion": "2010-04-01",
        }
        signature = self.validator.compute_signature(self.sms_url, params)
        start = time.perf_counter()
        try:
            response = await client.post(
                f"{self.gateway_url}/sms", data=params,
                headers={"X-Twilio-Signature": signature},
            )
            ms = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                self.results.add("sms", ms, "error", f"sms HTTP {response.status_code}")
                return
            parts = [m.text or "" for m in ElementTree.fromstring(response.text).iter("Message")]
            reply = " ".join(" ".join(parts).split())
            if SAFETY_MARK in reply:
                self.results.add("sms", ms, "fallback")
            elif RATE_LIMIT_MARK in reply or not reply:
                self.results.add("sms", ms, "rate_limited")
            else:
                self.results.add("sms", ms, "ok")
        except (httpx.HTTPError, ElementTree.ParseError) as error:
            ms = (time.perf_counter() - start) * 1000
            self.results.add("sms", ms, "error", f"sms {type(error).__name__}")

    async def person(self, client: httpx.AsyncClient, channel: str, until: float,
                     address: str) -> None:
        """One open conversation slot: people come, talk, leave, until the time is up."""
        await asyncio.sleep(self.rng.uniform(0, self.args.think_max))  # spread the start
        while time.monotonic() < until:
            if channel == "web":
                conversation = secrets.token_urlsafe(24)
            else:  # Ofcom's drama range: never a real phone
                conversation = f"+447700900{next(self.numbers) % 1000:03d}"
            for text in self.script(channel):
                if time.monotonic() >= until:
                    return
                if channel == "web":
                    await self.web_turn(client, conversation, text, address)
                else:
                    await self.sms_turn(client, conversation, text)
                await asyncio.sleep(self.rng.uniform(self.args.think_min, self.args.think_max))

    def sample_rss(self) -> float:
        if self.rss_pid is None:
            return float("nan")
        value = rss_mb([self.rss_pid])
        self.results.rss.append(value)
        return value

    def report(self, since: float, label: str) -> None:
        window = [s for s in self.results.samples if s.at >= since]
        rss = self.sample_rss()
        rss_text = "" if math.isnan(rss) else f" | RSS {rss:6.0f} MB"  # nan: no --pid
        load_1m = os.getloadavg()[0]  # others on the machine skew the figures: show it
        self.results.load.append(load_1m)
        print(
            f"[{label}] {describe(summarise(window, 'web'), 'web')} | "
            f"{describe(summarise(window, 'sms'), 'sms')}{rss_text} | load {load_1m:4.1f}",
            flush=True,
        )

    async def run(self) -> None:
        half = self.args.conversations // 2
        channels = ["web"] * (self.args.conversations - half) + ["sms"] * half
        until = time.monotonic() + self.args.minutes * 60
        limits = httpx.Limits(max_connections=self.args.conversations * 2)
        async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT_S, limits=limits) as client:
            people = [asyncio.create_task(self.person(client, c, until, person_address(n)))
                      for n, c in enumerate(channels)]
            self.results.started = time.monotonic()
            last = 0.0
            while not all(p.done() for p in people):
                await asyncio.sleep(min(1.0, self.args.report_every))
                elapsed = time.monotonic() - self.results.started
                if elapsed - last >= self.args.report_every:
                    self.report(last, f"{elapsed:5.0f} s")
                    last = elapsed
                if elapsed > self.args.minutes * 60 + CLIENT_TIMEOUT_S + self.args.think_max + 5:
                    break  # every turn is bounded by the client timeout: never wait longer
            for task in people:
                task.cancel()
            await asyncio.gather(*people, return_exceptions=True)

    def final(self, stack_description: str) -> Dict[str, object]:
        samples = self.results.samples
        duration = max((s.at for s in samples), default=0.0) or 1.0
        summary = {
            "stack": stack_description,
            "conversations": self.args.conversations,
            "minutes": self.args.minutes,
            "think_time_s": [self.args.think_min, self.args.think_max],
            "messages": len(samples),
            "messages_per_s": len(samples) / duration,
            "web": summarise(samples, "web"),
            "sms": summarise(samples, "sms"),
            "error_kinds": self.results.error_kinds,
            "rss_mb_max": max(self.results.rss, default=float("nan")),
            "rss_mb_last": self.results.rss[-1] if self.results.rss else float("nan"),
            "load_avg_1m": self.results.load,
            "cpus": os.cpu_count(),
        }
        print("\n== totals", flush=True)
        print(f"  {stack_description}; {self.args.conversations} conversations held for "
              f"{self.args.minutes} min, think time {self.args.think_min}-{self.args.think_max} s")
        print(f"  {len(samples)} messages, {summary['messages_per_s']:.1f} msg/s")
        for channel in ("web", "sms"):
            print("  " + describe(summary[channel], channel)
                  + (f" max {summary[channel]['max']:.0f} ms" if "max" in summary[channel] else ""))
        if self.results.error_kinds:
            print(f"  errors by kind: {self.results.error_kinds}")
        if self.results.load:
            print(f"  1-min load average during the run: {min(self.results.load):.1f}-"
                  f"{max(self.results.load):.1f} on {os.cpu_count()} CPUs")
        if self.results.rss:
            print(f"  RSS of the launcher's process tree: max {summary['rss_mb_max']:.0f} MB, "
                  f"last {summary['rss_mb_last']:.0f} MB")
        if self.flood_counts is not None:
            counts = summary["flood"] = self.flood_counts
            print(f"  flood from one client ({self.args.flood_concurrency} at a time, fresh ids): "
                  f"{counts['sent']} sent, {counts['refused']} refused (429), "
                  f"{counts['answered']} answered, {counts['fallback']} safety replies, "
                  f"{counts['other']} other, {counts['errors']} errors")
            people = [s for s in samples if s.channel in ("web", "sms")]
            print(f"  the {self.args.conversations} people meanwhile: "
                  f"{sum(s.outcome == 'fallback' for s in people)} of {len(people)} turns "
                  "got the safety reply")
        return summary


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--conversations", type=int, default=20)
    parser.add_argument("-m", "--minutes", type=float, default=2.0)
    parser.add_argument("--think-min", type=float, default=1.0)
    parser.add_argument("--think-max", type=float, default=3.0)
    parser.add_argument("--report-every", type=float, default=15.0, help="seconds")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1, help="Rasa processes (>1: Redis)")
    parser.add_argument("--redis", action="store_true", help="start a local redis-server")
    parser.add_argument("--redis-url", help="use this Redis (keys stay for inspection)")
    parser.add_argument("--port-base", type=int, default=27000,
                        help="Rasa +5, actions +55, gateway +80")
    parser.add_argument("--sms-rate-limit", type=int, default=120,
                        help="SMS_RATE_LIMIT_PER_MINUTE of the stack started here (default "
                             "120: a person at 1-3 s think time sends 20-60 a minute, over the "
                             "production 20, and the limit would hide the bot's latency)")
    parser.add_argument("--json", type=Path, help="also write the totals here")
    parser.add_argument("--flood", action="store_true",
                        help="one client floods /api/chat with fresh ids meanwhile")
    parser.add_argument("--flood-concurrency", type=int, default=120)
    attach = parser.add_argument_group("attach to a running gateway instead of starting one")
    attach.add_argument("--url", help="the gateway, e.g. http://127.0.0.1:8000")
    attach.add_argument("--twilio-token", help="that gateway's TWILIO_AUTH_TOKEN")
    attach.add_argument("--sms-url", help="that gateway's SMS_WEBHOOK_URL")
    attach.add_argument("--pid", type=int, help="its launcher's pid, for RSS")
    args = parser.parse_args(argv)
    if args.url and not (args.twilio_token and args.sms_url):
        parser.error("--url needs --twilio-token and --sms-url")
    if not 0 < args.think_min <= args.think_max:
        parser.error("need 0 < --think-min <= --think-max")
    if args.conversations < 2 or args.minutes <= 0:
        parser.error("need at least 2 conversations and some minutes")
    return args


def warm_up(gateway_url: str) -> None:
    """The first turns load lazy parts of the pipeline: not measured."""
    conversation = secrets.token_urlsafe(24)
    for text in ["hello", "he hits me", "/need_someone_to_talk_to"]:
        httpx.post(f"{gateway_url}/api/chat", timeout=60,
                   json={"conversation_id": conversation, "message": text})


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    stack: Optional[BenchStack] = None
    if args.url:
        gateway_url, token, sms_url, pid = args.url, args.twilio_token, args.sms_url, args.pid
        description = f"attached to {args.url}"
    else:
        on_redis = bool(args.redis or args.redis_url)
        description = (f"ops.launcher --workers {args.workers}, "
                       f"{'Redis' if on_redis else 'in-memory'} stores")
        print(f"== starting the stack ({description}); about a minute ...", flush=True)
        stack = start_stack(
            "load-stack", args.port_base, workers=args.workers, redis=args.redis,
            redis_url=args.redis_url,
            extra_env={"SMS_RATE_LIMIT_PER_MINUTE": str(args.sms_rate_limit)},
        )
        gateway_url, token = stack.gateway_url, stack.env["TWILIO_AUTH_TOKEN"]
        sms_url, pid = stack.env["SMS_WEBHOOK_URL"], stack.process.pid
        print(f"   up; log: {stack.log_path}", flush=True)
    try:
        warm_up(gateway_url)
        load = Load(args, gateway_url, token, sms_url, pid)
        sms_people = args.conversations // 2
        print(f"== {args.conversations} conversations ({args.conversations - sms_people} web, "
              f"{sms_people} SMS) for {args.minutes} min; latency in ms; "
              "err = errors, fb = safety fallbacks, rl = SMS rate-limit replies", flush=True)
        load.sample_rss()
        flooder = None
        if args.flood:
            receive, send = multiprocessing.Pipe(duplex=False)
            flooder = multiprocessing.Process(
                target=flood_process,
                args=(gateway_url, args.flood_concurrency, args.minutes * 60, send),
            )
            flooder.start()
        asyncio.run(load.run())
        if flooder is not None:
            load.flood_counts = receive.recv() if receive.poll(CLIENT_TIMEOUT_S + 5) else None
            flooder.join(5)
            if flooder.is_alive():
                flooder.terminate()
        summary = load.final(description)
        if args.json:
            args.json.write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    finally:
        if stack is not None:
            stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
