"""Latency/throughput benchmark: Safe Steps vs a stock `rasa init` bot, same load.

Prints p50/p99 latency and messages/s over Rasa's REST channel, sequentially and
with 8 concurrent senders, peak RSS of our three processes (and of each), and the
ratios. Both bots run side by side and take turns over several rounds (alternating
which goes first). Not a test: it prints figures. Run with `make bench` (bench/run.sh,
which runs `python -m bench.bench`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import httpx

from bench.stack import OUT, START_TIMEOUT_S
from ops.processes import (
    LaunchedStack,
    StackPorts,
    rss_mb,
    start_launcher,
    stop_process_group,
    wait_until_answering,
)

RASA = str(Path(sys.executable).parent / "rasa")
# A realistic mix of first messages (none is a training example verbatim).
MESSAGES = [
    "hello",
    "he hits me when he has had a drink",
    "i need somewhere to stay tonight",
    "my partner controls all the money",
    "how do i delete this chat",
    "thank you",
    "can i talk to a real person",
    "my ex keeps following me",
    "am i talking to a robot",
    "i'm worried about my friend, her husband scares her",
    "bye",
    "he goes through my phone every night",
]


class PeakRss:
    """Samples RSS every 0.2 s in a thread and keeps the peak."""

    def __init__(self, pids: List[int]) -> None:
        self.pids, self.peak, self._stop = pids, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pids))
            time.sleep(0.2)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


# Messages per conversation. Rasa slows as one conversation grows (about 78 ms a turn
# at turns 1-100, 630 ms at 401-500), so one 400-turn conversation would measure
# tracker length, not per-message cost: each sender runs conversations of this length.
CONVERSATION_LENGTH = 10


async def one_sender(
    client: httpx.AsyncClient, url: str, count: int, latencies: List[float]
) -> None:
    """Sends `count` messages one after another, in conversations of CONVERSATION_LENGTH."""
    for i in range(count):
        if i % CONVERSATION_LENGTH == 0:
            sender = f"bench-{uuid.uuid4().hex}"
        text = MESSAGES[i % len(MESSAGES)]
        start = time.perf_counter()
        response = await client.post(url, json={"sender": sender, "message": text})
        response.raise_for_status()
        latencies.append((time.perf_counter() - start) * 1000)


@dataclass
class Run:
    """Latencies (ms) and wall time of one load run."""

    latencies: List[float]
    elapsed: float


async def load(url: str, total: int, senders: int) -> Run:
    """Sends `total` messages split over `senders` concurrent conversations."""
    latencies: List[float] = []
    async with httpx.AsyncClient(timeout=60) as client:
        # warm-up: first requests load lazy parts of the pipeline
        await one_sender(client, url, 5, [])
        start = time.perf_counter()
        await asyncio.gather(
            *(one_sender(client, url, total // senders, latencies) for _ in range(senders))
        )
        elapsed = time.perf_counter() - start
    return Run(latencies, elapsed)


def figures(runs: List[Run]) -> Dict[str, float]:
    """p50/p99 over every latency of these runs, and messages per second of wall time."""
    latencies = sorted(latency for run in runs for latency in run.latencies)
    return {
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "rate": len(latencies) / sum(run.elapsed for run in runs),
    }


def start_logged(
    argv: List[str], cwd: Path, env: Dict[str, str], log: Path
) -> subprocess.Popen:
    """Starts a process in its own group with output to a log file."""
    with open(log, "w") as out:
        return subprocess.Popen(  # noqa: S603
            argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


# The launcher writes its state file just after its parts answer, so the file can lag
# the health checks start_launcher waits for (a run failed reading it too soon).
STATE_FILE_WAIT_S = 30


def rss_by_part(state_file: Path) -> Dict[str, float]:
    """RSS (MB) of each of our parts now, from the launcher's SAFE_STEPS_STATE_FILE."""
    deadline = time.monotonic() + STATE_FILE_WAIT_S
    while not state_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    pids = json.loads(state_file.read_text(encoding="utf-8"))
    return {name: rss_mb([pid]) for name, pid in pids.items()}


MODES = {"sequential": 1, "concurrent8": 8}


def train_stock(stock_dir: Path, env: Dict[str, str], log: Path) -> None:
    """`rasa init` (it trains the demo bot) in a temp dir."""
    started = time.perf_counter()
    with open(log, "w") as out:
        subprocess.run(
            [RASA, "init", "--no-prompt", "--init-dir", str(stock_dir)],
            cwd=stock_dir,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
        )
    print(f"stock bot trained in {time.perf_counter() - started:.0f} s")


def main() -> int:
    """Benchmarks both bots, interleaved, and prints the figures and ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", "--messages", type=int, default=400, help="messages per run")
    parser.add_argument(
        "-r", "--rounds", type=int, default=3, help="rounds; each runs both bots, both modes"
    )
    args = parser.parse_args()
    out = OUT
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    bots = {
        "safe-steps": "http://127.0.0.1:25005/webhooks/rest/webhook",
        "stock": "http://127.0.0.1:25105/webhooks/rest/webhook",
    }
    stock_dir = Path(tempfile.mkdtemp(prefix="rasa-init-"))
    state_file = out / "ours-state.json"
    ours: Optional[LaunchedStack] = None
    processes: Dict[str, subprocess.Popen] = {}
    try:
        train_stock(stock_dir, env, out / "stock-train.log")
        # Both bots run at once and take turns, so a machine that gets busier or
        # quieter during the run shifts both alike instead of skewing the ratio.
        processes["stock"] = start_logged(
            [RASA, "run", "--port", "25105", "--interface", "127.0.0.1"],
            stock_dir,
            env,
            out / "stock.log",
        )
        ours = start_launcher(
            StackPorts(rasa=25005, actions=25055, gateway=28000),
            out / "ours.log",
            {**env, "SAFE_STEPS_STATE_FILE": str(state_file)},
            timeout_s=START_TIMEOUT_S,
        )
        processes["safe-steps"] = ours.process
        wait_until_answering(["http://127.0.0.1:25105/"], processes["stock"], START_TIMEOUT_S)
        idle_rss = rss_by_part(state_file)

        runs: Dict[tuple, List[Run]] = {(bot, mode): [] for bot in bots for mode in MODES}
        with contextlib.ExitStack() as sampling:
            peaks = {bot: sampling.enter_context(PeakRss([processes[bot].pid])) for bot in bots}
            for round_ in range(args.rounds):
                order = list(bots) if round_ % 2 == 0 else list(reversed(bots))
                for bot in order:
                    for mode, senders in MODES.items():
                        run = asyncio.run(load(bots[bot], args.messages, senders))
                        runs[(bot, mode)].append(run)
                        one = figures([run])
                        print(
                            f"round {round_ + 1} {bot:10} {mode:12} p50 {one['p50']:6.1f} ms"
                            f"  {one['rate']:5.1f} msg/s"
                        )
        loaded_rss = rss_by_part(state_file)
    finally:
        if ours is not None:
            ours.stop()
        if "stock" in processes:
            stop_process_group(processes["stock"])
        shutil.rmtree(stock_dir, ignore_errors=True)

    print(f"== all rounds ({args.rounds} x {args.messages} messages per bot and mode)")
    results = {key: figures(value) for key, value in runs.items()}
    for (bot, mode), r in results.items():
        print(
            f"{bot:10} {mode:12} p50 {r['p50']:7.1f} ms  p99 {r['p99']:7.1f} ms"
            f"  {r['rate']:6.1f} msg/s"
        )
    for bot, peak in peaks.items():
        print(f"{bot:10} peak RSS {peak.peak:7.0f} MB")
    for part in idle_rss:
        print(
            f"  {part:10} RSS {idle_rss[part]:5.0f} MB idle, "
            f"{loaded_rss[part]:5.0f} MB after the load"
        )

    print("== ratios (ours / stock); target p50 <= 1.3x, throughput >= 0.8x")
    for mode in MODES:
        o, s = results[("safe-steps", mode)], results[("stock", mode)]
        per_round = [
            figures([ours])["p50"] / figures([stock])["p50"]
            for ours, stock in zip(runs[("safe-steps", mode)], runs[("stock", mode)], strict=True)
        ]
        print(
            f"{mode:12} p50 {o['p50'] / s['p50']:.2f}x  p99 {o['p99'] / s['p99']:.2f}x  "
            f"throughput {o['rate'] / s['rate']:.2f}x  "
            f"(p50 ratio by round {min(per_round):.2f}-{max(per_round):.2f}x)"
        )
    if not peaks["stock"].peak:
        # Seen once, when an interrupted run had left its stock bot holding the port:
        # the bot answering was not the process sampled, and the ratio divided by zero
        # after every latency figure had been measured.
        print("peak RSS     n/a (the stock bot's RSS could not be read)")
        return 0
    print(
        f"peak RSS     {peaks['safe-steps'].peak / peaks['stock'].peak:.2f}x "
        "(ours = Rasa + action server + gateway; stock = Rasa only)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
