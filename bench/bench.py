"""Latency/throughput benchmark: Safe Steps vs a stock `rasa init` bot, same load.

Prints p50/p99 latency and messages/s over Rasa's REST channel, sequentially and
with 8 concurrent senders, peak RSS of our three processes, and the ratios.
Not a test: it prints figures. Run with `make bench` (bench/run.sh).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Dict, List

import httpx

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ itself comes first on sys.path, where this file would shadow
# the bench package: look things up from the repository root instead (as bench/load.py).
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]
from bench.stack import rss_mb  # noqa: E402

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


async def load(url: str, total: int, senders: int) -> Dict[str, float]:
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
    latencies.sort()
    return {
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "rate": len(latencies) / elapsed,
    }


def wait_up(url: str, proc: subprocess.Popen, timeout: float = 300) -> None:
    """Waits until the URL answers 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process for {url} exited")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} not up")


def start(argv: List[str], cwd: Path, env: Dict[str, str], log: Path) -> subprocess.Popen:
    """Starts a process in its own group with output to a log file."""
    return subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdout=open(log, "w"),
        stderr=subprocess.STDOUT,  # noqa: SIM115
        start_new_session=True,
    )


def stop(proc: subprocess.Popen) -> None:
    """Stops a process group."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def run_load(name: str, url: str, total: int, pids: List[int]) -> Dict[str, Dict[str, float]]:
    """Sequential and 8-sender runs, with peak RSS."""
    results = {}
    with PeakRss(pids) as peak:
        results["sequential"] = asyncio.run(load(url, total, 1))
        results["concurrent8"] = asyncio.run(load(url, total, 8))
    results["rss"] = {"peak_mb": peak.peak}
    for mode in ("sequential", "concurrent8"):
        r = results[mode]
        print(
            f"{name:10} {mode:12} p50 {r['p50']:7.1f} ms  p99 {r['p99']:7.1f} ms"
            f"  {r['rate']:6.1f} msg/s"
        )
    print(f"{name:10} peak RSS {peak.peak:7.0f} MB")
    return results


def main() -> int:
    """Benchmarks both bots and prints the ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", "--messages", type=int, default=400, help="messages per run")
    args = parser.parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}

    print("== Safe Steps (Rasa + action server + gateway, in-memory stores)")
    ours = start(
        [sys.executable, "-m", "bot.launcher"],
        ROOT,
        {**env, "RASA_PORT": "25005", "ACTION_PORT": "25055", "GATEWAY_PORT": "28000"},
        out / "ours.log",
    )
    try:
        wait_up("http://127.0.0.1:28000/healthz", ours)
        wait_up("http://127.0.0.1:25005/", ours)
        ours_results = run_load(
            "safe-steps", "http://127.0.0.1:25005/webhooks/rest/webhook", args.messages, [ours.pid]
        )
    finally:
        stop(ours)

    print("== stock `rasa init` bot (trained now, in a temp dir)")
    stock_dir = Path(tempfile.mkdtemp(prefix="rasa-init-"))
    try:
        t0 = time.perf_counter()
        subprocess.run(
            [RASA, "init", "--no-prompt", "--init-dir", str(stock_dir)],
            cwd=stock_dir,
            env=env,
            stdout=open(out / "stock-train.log", "w"),
            stderr=subprocess.STDOUT,
            check=True,
        )  # noqa: SIM115
        print(f"stock bot trained in {time.perf_counter() - t0:.0f} s")
        stock = start(
            [RASA, "run", "--port", "25105", "--interface", "127.0.0.1"],
            stock_dir,
            env,
            out / "stock.log",
        )
        try:
            wait_up("http://127.0.0.1:25105/", stock)
            stock_results = run_load(
                "stock", "http://127.0.0.1:25105/webhooks/rest/webhook", args.messages, [stock.pid]
            )
        finally:
            stop(stock)
    finally:
        shutil.rmtree(stock_dir, ignore_errors=True)

    print("== ratios (ours / stock); target p50 <= 1.3x, throughput >= 0.8x")
    for mode in ("sequential", "concurrent8"):
        o, s = ours_results[mode], stock_results[mode]
        print(
            f"{mode:12} p50 {o['p50'] / s['p50']:.2f}x  p99 {o['p99'] / s['p99']:.2f}x  "
            f"throughput {o['rate'] / s['rate']:.2f}x"
        )
    print(
        f"peak RSS     {ours_results['rss']['peak_mb'] / stock_results['rss']['peak_mb']:.2f}x "
        "(ours = Rasa + action server + gateway; stock = Rasa only)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
