"""A small stand-in for the integration stack: the real gateway in front of a fake Rasa.

Used by tests/browser/conftest.py when SAFE_STEPS_FAKE_STACK=1: no trained model is
needed, so the page can be worked on and tested in seconds. The fake speaks the two
parts of Rasa the gateway uses, the REST channel and the tracker events API (with the
`?token=` of `rasa run --auth-token`), and keeps trackers in memory like Rasa's
in-memory store.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, List
from urllib.parse import parse_qs, urlsplit

from ops.processes import NotReady, free_port, gateway, stop_process_group, wait_until_answering

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "browser-test-token"

GREET_BUTTONS = [
    {"title": "Someone is hurting me", "payload": "/need_someone_to_talk_to"},
    {"title": "I'm worried about someone", "payload": "/help_someone_else"},
    {"title": "I'm worried about my behaviour", "payload": "/worried_about_own_behaviour"},
    {"title": "Staying safe online", "payload": "/ask_staying_safe_online"},
]


def fake_replies(text: str) -> List[dict]:
    """What the fake bot answers: enough shapes to exercise the page."""
    lowered = text.strip().lower()
    if lowered in {"hi", "hello", "hey", "/greet"}:
        return [
            {
                "text": "Hi, I'm Safe Steps, an automated helper, not a person. What would help?",
                "buttons": GREET_BUTTONS,
            }
        ]
    if lowered.startswith("/"):
        return [
            {"text": "You can talk to a trained person, free and in confidence."},
            {"text": "National Domestic Abuse Helpline: 0808 2000 247. Open 24/7."},
        ]
    if re.search(r"[\u0600-\u06ff]", text):
        return [{"text": "مرحبا. أنا مساعد آلي. كيف يمكنني المساعدة؟"}]
    return [{"text": "I'm not sure I understood. You could say it another way."}]


class FakeRasa(ThreadingHTTPServer):
    """REST channel + tracker API, trackers in memory."""

    daemon_threads = True

    def __init__(self, address):
        super().__init__(address, _Handler)
        self.trackers: Dict[str, List[dict]] = {}
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    server: FakeRasa

    def log_message(self, *args) -> None:  # quiet
        pass

    def _json(self, status: int, body) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"null")

    def _authorised(self) -> bool:
        # As rasa 3.6 `--auth-token` (rasa/server.py, requires_auth): the token is read
        # from the `token` query parameter only; an Authorization header is used only
        # with JWT, which the stack does not configure.
        query = parse_qs(urlsplit(self.path).query)
        if query.get("token") == [TOKEN]:
            return True
        self._json(401, {"status": "failure", "reason": "NotAuthenticated"})
        return False

    def do_POST(self) -> None:  # noqa: N802
        if self.path != "/webhooks/rest/webhook":
            return self._json(404, {})
        body = self._body()
        sender, text = body["sender"], body["message"]
        replies = fake_replies(text)
        with self.server.lock:
            events = self.server.trackers.setdefault(sender, [])
            events.append({"event": "user", "text": text, "timestamp": time.time()})
            for reply in replies:
                events.append({"event": "bot", "text": reply.get("text")})
            events.append({"event": "action", "name": "action_listen"})
        self._json(200, [{"recipient_id": sender, **reply} for reply in replies])

    def do_GET(self) -> None:  # noqa: N802
        match = re.fullmatch(r"/conversations/([^/]+)/tracker", self.path.split("?")[0])
        if not match:
            return self._json(404, {})
        if self._authorised():
            with self.server.lock:
                events = list(self.server.trackers.get(match.group(1), []))
            self._json(200, {"sender_id": match.group(1), "events": events})

    def do_PUT(self) -> None:  # noqa: N802
        match = re.fullmatch(r"/conversations/([^/]+)/tracker/events", self.path.split("?")[0])
        if not match:
            return self._json(404, {})
        if self._authorised():
            events = self._body() or []
            with self.server.lock:
                self.server.trackers[match.group(1)] = list(events)
            self._json(200, {"sender_id": match.group(1), "events": events})


@dataclass
class FakeStack:
    """The same fields as the integration stack fixture."""

    gateway_url: str
    rasa_url: str
    rasa_token: str


def wait_for(url: str, process: subprocess.Popen, timeout_s: float = 30.0) -> None:
    """Waits until `url` answers 200, or fails with the process's output."""
    try:
        wait_until_answering([url], process, timeout_s, poll_s=0.2)
    except NotReady as error:
        if error.exited:
            output = process.stdout.read().decode(errors="replace")
            raise RuntimeError(f"gateway exited early:\n{output}") from None
        raise


def start_fake_stack():
    """Starts the fake Rasa (thread) and the real gateway (uvicorn); yields a FakeStack."""
    rasa = FakeRasa(("127.0.0.1", free_port()))
    threading.Thread(target=rasa.serve_forever, daemon=True).start()
    rasa_url = f"http://127.0.0.1:{rasa.server_address[1]}"
    service = gateway(free_port(), [rasa_url])
    gateway_url = service.health_url.rsplit("/", 1)[0]
    env = {
        **os.environ,
        "RASA_AUTH_TOKEN": TOKEN,
        "QUICK_EXIT_URL": f"{gateway_url}/healthz",
        "PYTHONPATH": str(ROOT),
        "UVICORN_LOG_LEVEL": "warning",
    }
    env.pop("SAFE_STEPS_PRODUCTION", None)
    service.start(env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_for(service.health_url, service.process)
        yield FakeStack(gateway_url=gateway_url, rasa_url=rasa_url, rasa_token=TOKEN)
    finally:
        stop_process_group(service.process, timeout_s=10)
        rasa.shutdown()
        rasa.server_close()
