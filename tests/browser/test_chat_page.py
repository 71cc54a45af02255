"""The chat page in headless Chromium against a running stack.

What a person on a shared or watched device relies on: the conversation works with
buttons; quick exit (button, skip link, Shift x3) hides the page at once, leaves no
Back entry and wipes the server-side conversation; nothing is stored on the device;
nothing is fetched from another host; the page is accessible (axe-core, keyboard,
320 px, reduced motion); failures show 999, the Silent Solution and the helpline.
Screenshots for a person to look at: `python -m scripts.screenshots` (test-artifacts/).
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import services_directory

pytestmark = pytest.mark.browser

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
NOT_THE_CHAT = "the chat page must not be reachable"

# Records what the page tries to keep or break, from before its own scripts run.
SPY_SCRIPT = """
(() => {
  const log = { storage: [], csp: [] };
  Object.defineProperty(window, '__spy', { value: log });
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    log.storage.push('Storage.setItem ' + key);
    return setItem.call(this, key, value);
  };
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (name) {
    log.storage.push('indexedDB.open ' + name);
    return open.apply(this, arguments);
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    get() { return cookie.get.call(this); },
    set(value) { log.storage.push('document.cookie'); cookie.set.call(this, value); },
  });
  document.addEventListener('securitypolicyviolation', (event) => {
    log.csp.push(event.violatedDirective + ' ' + event.blockedURI);
  });
})();
"""


# --- helpers ---------------------------------------------------------------------


class Session:
    """One browser context with one page, recording requests, responses and errors."""

    def __init__(self, browser, stack, width=390, height=844, **options):
        self.stack = stack
        self.context = browser.new_context(viewport={"width": width, "height": height}, **options)
        self.context.add_init_script(SPY_SCRIPT)
        self.requests = []
        self.responses = []
        self.page_errors = []
        self.context.on("request", lambda request: self.requests.append(request))
        self.context.on("response", lambda response: self.responses.append(response))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    @property
    def exit_url(self) -> str:
        return self.page.evaluate("window.SafeStepsExit.exitUrl")

    def open(self, path="/"):
        self.page.goto(self.stack.gateway_url + path)
        self.page.wait_for_function("() => window.SafeStepsExit !== undefined")
        return self.page

    def chat_requests(self):
        return [
            json.loads(r.post_data)
            for r in self.requests
            if r.url.endswith("/api/chat") and r.method == "POST"
        ]

    def conversation_id(self) -> str:
        ids = {body["conversation_id"] for body in self.chat_requests()}
        assert len(ids) == 1, f"one conversation id per tab, got {ids}"
        return ids.pop()


@pytest.fixture
def open_session(browser, stack):
    """Makes Sessions; closes them after the test."""
    sessions = []

    def make(**kwargs) -> Session:
        session = Session(browser, stack, **kwargs)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.context.close()


def say(page, text: str) -> None:
    """Types a message and presses Enter, as a person would."""
    page.locator("#message").fill(text)
    page.locator("#message").press("Enter")


def bot_messages(page):
    return page.locator("#transcript .msg--bot, #transcript .msg--notice")


def wait_for_replies(page, count: int) -> None:
    """Waits until at least `count` bot messages are shown and nothing is pending."""
    page.wait_for_function(
        """(count) => document.querySelectorAll(
             '#transcript .msg--bot, #transcript .msg--notice').length >= count
           && document.getElementById('typing').hidden""",
        arg=count,
    )


def greet_and_choose(page) -> str:
    """Says hi, checks the reply has real buttons, clicks the first; returns its title."""
    say(page, "hi")
    choices = page.locator("#transcript .msg--bot .choice")
    choices.first.wait_for()
    assert page.locator("#transcript .msg--notice").count() == 0, "the bot did not answer"
    assert choices.count() >= 2
    assert choices.first.evaluate("b => b.tagName + ' ' + b.type") == "BUTTON button"
    before = bot_messages(page).count()
    title = choices.first.inner_text()
    choices.first.click()
    wait_for_replies(page, before + 1)
    return title


def tracker_events(stack, conversation_id: str):
    """The server-side tracker of a web conversation, from Rasa's HTTP API."""
    # rasa 3.6 `--auth-token` is checked on the `token` query parameter.
    query = urllib.parse.urlencode({"token": stack.rasa_token})
    url = f"{stack.rasa_url}/conversations/web_{conversation_id}/tracker?{query}"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {stack.rasa_token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response).get("events") or []


def user_events(stack, conversation_id: str):
    return [e for e in tracker_events(stack, conversation_id) if e.get("event") == "user"]


def wait_until_wiped(stack, conversation_id: str, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    left = user_events(stack, conversation_id)
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = user_events(stack, conversation_id)
    assert not left, f"the server still holds {len(left)} user messages after quick exit"


EXIT_REPORT_PATH = "/test-only/exit-report"

# The report leaves by sendBeacon, which the browser delivers even as the page
# unloads. A console message sent at that moment was sometimes dropped under CI load.
WATCH_EXIT = """
(reportPath) => new MutationObserver(() => {
  if (!document.body.hidden) return;
  navigator.sendBeacon(reportPath, JSON.stringify({
    exiting: document.documentElement.classList.contains('is-exiting'),
    shown: document.body.getClientRects().length,
    transcript: document.getElementById('transcript').childElementCount,
    typed: document.getElementById('message').value,
  }));
}).observe(document.documentElement, { attributes: true, subtree: true })
"""


def watch_exit(session: Session) -> None:
    """Has the page report what is left on screen the moment it starts leaving."""
    session.page.route("**" + EXIT_REPORT_PATH, lambda route: route.fulfill(status=204))
    session.page.evaluate(WATCH_EXIT, EXIT_REPORT_PATH)


def exit_reports(session: Session) -> list:
    return [json.loads(r.post_data) for r in session.requests if r.url.endswith(EXIT_REPORT_PATH)]


def assert_hidden_at_once(session: Session) -> None:
    reports = exit_reports(session)
    assert reports, "the page did not hide its content"
    assert reports[0] == {"exiting": True, "shown": 0, "transcript": 0, "typed": ""}


def assert_exit_done(
    session: Session, came_from: str, conversation_id: str, history_length: int
) -> None:
    """On the exit page, Back does not reach the chat, and the server forgot it."""
    page = session.page
    exit_url = session.stack.gateway_url + "/healthz"
    page.wait_for_url(exit_url)
    assert page.evaluate("history.length") == history_length, "the chat must be replaced"
    page.go_back()
    assert page.url == session.stack.gateway_url + came_from, NOT_THE_CHAT
    assert page.locator("#transcript").count() == 0, NOT_THE_CHAT
    page.go_forward()
    assert page.url == exit_url
    beacons = [r for r in session.requests if r.url.endswith("/api/exit")]
    assert beacons and json.loads(beacons[0].post_data) == {"conversation_id": conversation_id}
    wait_until_wiped(session.stack, conversation_id)


def run_axe(page, axe_js) -> list:
    """Serious and critical axe-core violations (WCAG 2.0-2.2 A/AA and best practice)."""
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate(
        """() => axe.run(document, { runOnly: { type: 'tag', values: [
             'wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] for node in v["nodes"])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def configured(page, name: str):
    return page.evaluate(f"window.SAFE_STEPS_CONFIG.{name}")


# --- the conversation ------------------------------------------------------------------


def test_conversation_with_buttons(open_session):
    session = open_session()
    page = session.open()
    assert page.title() == "Help and information"

    title = greet_and_choose(page)

    # The button's title is shown as the person's message; its payload is what was sent.
    users = page.locator("#transcript .msg--user .msg__text")
    assert users.nth(1).inner_text() == title
    sent = session.chat_requests()
    assert sent[0]["message"] == "hi"
    assert sent[1]["message"].startswith("/") and sent[1]["message"] != title
    assert page.locator("#transcript .msg--notice").count() == 0, "the bot did not answer"
    last = bot_messages(page).last.inner_text()
    assert last.strip()

    # One unguessable id per tab: >= 128 bits of URL-safe base64, kept in memory only.
    conversation_id = session.conversation_id()
    assert ID_PATTERN.match(conversation_id) and len(conversation_id) * 6 >= 128
    assert len(user_events(session.stack, conversation_id)) == 2

    assert session.page_errors == []
    assert page.evaluate("window.__spy.csp") == [], "the page must not need CSP exceptions"


def test_each_tab_has_its_own_conversation(open_session):
    first, second = open_session(), open_session()
    for session in (first, second):
        say(session.open(), "hi")
        wait_for_replies(session.page, 1)
    assert first.conversation_id() != second.conversation_id()
    # Reloading starts afresh: the id lived only in the page's memory.
    first.page.reload()
    first.page.wait_for_function("() => window.SafeStepsExit !== undefined")
    assert first.page.locator("#transcript .msg").count() == 0
    first.requests.clear()
    say(first.page, "hi")
    wait_for_replies(first.page, 1)
    assert first.conversation_id() != second.conversation_id()


def test_typing_indicator_while_waiting(open_session):
    session = open_session()
    page = session.open()
    held = []
    page.route("**/api/chat", lambda route: held.append(route))
    say(page, "hi")
    page.locator("#typing").wait_for(state="visible")
    assert page.locator("#transcript").get_attribute("aria-busy") == "true"
    # A second message while waiting is not sent twice or lost: the text stays.
    page.locator("#message").fill("are you there")
    page.locator("#message").press("Enter")
    assert page.locator("#message").input_value() == "are you there"
    assert len(held) == 1
    held[0].continue_()
    wait_for_replies(page, 1)
    assert page.locator("#typing").is_hidden()
    assert page.locator("#transcript").get_attribute("aria-busy") == "false"


# --- quick exit ----------------------------------------------------------------------


def test_quick_exit_button(open_session):
    session = open_session()
    session.open("/safety")  # something to go Back to
    page = session.open("/")
    greet_and_choose(page)
    conversation_id = session.conversation_id()
    history_length = page.evaluate("history.length")
    assert user_events(session.stack, conversation_id), "nothing to wipe: test is void"
    exit_url = session.exit_url
    assert exit_url == session.stack.gateway_url + "/healthz"
    assert page.locator("#exit-button").get_attribute("href") == exit_url

    watch_exit(session)
    page.locator("#message").fill("something half typed")
    page.locator("#exit-button").click()
    assert_exit_done(session, "/safety", conversation_id, history_length)
    assert_hidden_at_once(session)


def test_quick_exit_shift_three_times(open_session):
    session = open_session()
    session.open("/safety")
    page = session.open("/")
    greet_and_choose(page)
    conversation_id = session.conversation_id()
    history_length = page.evaluate("history.length")
    page.locator("#message").focus()

    # Shift used to type capitals or to move back (Shift+Tab) is not counted.
    for _ in range(3):
        page.keyboard.press("Shift+A")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.url == session.stack.gateway_url + "/"
    assert page.locator("body").is_visible()

    # Three presses of Shift alone, each within 5 s of the last: leave.
    page.keyboard.press("Shift")
    assert page.locator("#exit-status").inner_text() == "Shift, press 2 more times to exit."
    page.keyboard.press("Shift")
    assert page.locator("#exit-status").inner_text() == "Shift, press 1 more time to exit."
    watch_exit(session)
    page.keyboard.press("Shift")

    assert_exit_done(session, "/safety", conversation_id, history_length)
    assert_hidden_at_once(session)


def test_shift_count_expires_after_5_seconds(open_session):
    session = open_session()
    page = session.page
    page.clock.install()
    session.open()
    page.locator("#message").focus()
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.run_for(5100)
    assert page.locator("#exit-status").inner_text() == "Quick exit expired."
    page.keyboard.press("Shift")
    page.clock.run_for(100)
    assert page.url == session.stack.gateway_url + "/"
    page.clock.run_for(5100)
    # Another key between presses also starts the count again.
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("x")
    page.keyboard.press("Shift")
    page.clock.run_for(100)
    assert page.url == session.stack.gateway_url + "/"
    assert page.locator("#message").input_value() == "x"


def test_skip_link_is_first_and_exits(open_session):
    session = open_session()
    session.open("/safety")
    page = session.open("/")
    exit_url = session.exit_url
    skip = page.locator(".skip-exit")
    assert skip.bounding_box()["y"] + skip.bounding_box()["height"] <= 0, "hidden until focused"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-exit"
    assert skip.inner_text() == "Quick exit"
    assert skip.get_attribute("href") == exit_url
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] >= 24, "visible when focused"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "exit-button"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(exit_url)
    page.go_back()
    assert page.url == session.stack.gateway_url + "/safety", NOT_THE_CHAT


def test_leaving_the_page_wipes_the_conversation(open_session):
    session = open_session()
    page = session.open()
    say(page, "hi")
    wait_for_replies(page, 1)
    conversation_id = session.conversation_id()
    assert user_events(session.stack, conversation_id)
    history_length = page.evaluate("history.length")
    page.locator(".note a[href='/safety']").click()
    page.wait_for_url("**/safety")
    wait_until_wiped(session.stack, conversation_id)
    # Our pages replace each other in the tab's history: one entry at most.
    assert page.evaluate("history.length") == history_length


def test_quick_exit_from_the_safety_page_leaves_no_way_back(open_session):
    session = open_session()
    session.page.goto(session.stack.gateway_url + "/healthz?before")  # before the site
    page = session.open("/")
    say(page, "hi")
    wait_for_replies(page, 1)
    page.locator(".note a[href='/safety']").click()
    page.wait_for_url("**/safety")
    page.locator("#exit-button").click()
    page.wait_for_url(session.stack.gateway_url + "/healthz")
    page.go_back()
    assert page.url == session.stack.gateway_url + "/healthz?before", NOT_THE_CHAT


@pytest.fixture
def partner_site():
    """Serves one page from another origin on this machine (a partner's site)."""
    servers = []

    def serve(html: str) -> str:
        body = html.encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://localhost:{server.server_address[1]}"  # another origin

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def test_embedded_by_the_snippet_exits_the_whole_tab(partner_site, open_session, artifacts):
    session = open_session(width=1000, height=900)
    page = session.page
    gateway = session.stack.gateway_url
    exit_url = gateway + "/healthz"
    host = partner_site(
        '<!doctype html><html lang="en"><title>Partner</title><h1>Partner site</h1>'
        f'<script src="{gateway}/static/embed.js" data-height="600"></script></html>'
    )

    def allow_partner(route):
        # The test stack keeps FRAME_ANCESTORS at 'none'; a deployment sets the host.
        response = route.fetch()
        headers = {**response.headers}
        headers["content-security-policy"] = re.sub(
            r"frame-ancestors [^;]+", f"frame-ancestors {host}", headers["content-security-policy"]
        )
        route.fulfill(response=response, headers=headers)

    page.route(gateway + "/", allow_partner)

    # The chat's own exit button takes the whole tab away, not just the frame.
    page.goto(host + "/")
    chat = page.frame_locator("iframe.safe-steps-chat")
    chat.locator("#message").fill("hi")
    chat.locator("#message").press("Enter")
    chat.locator("#transcript .msg--bot, #transcript .msg--notice").first.wait_for()
    conversation_id = session.conversation_id()
    page.screenshot(path=str(artifacts / "embedded-1000.png"))
    chat.locator("#exit-button").click()
    page.wait_for_url(exit_url)
    wait_until_wiped(session.stack, conversation_id)

    # Shift x3 on the host page does the same.
    page.goto(host + "/")
    chat.locator("#message").wait_for()
    page.wait_for_function("() => document.querySelector('iframe').contentWindow !== null")
    page.locator("h1").click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(exit_url)


# --- nothing on the device, nothing to anyone else -------------------------------------


def chat_then_safety_page(session):
    """A short conversation, then the safety page by its link: the page, now there."""
    page = session.open()
    greet_and_choose(page)
    page.locator(".note a[href='/safety']").click()
    page.wait_for_url("**/safety")
    return page


def test_nothing_is_stored_on_the_device(open_session):
    session = open_session()
    page = chat_then_safety_page(session)
    for current in (page, session.open("/")):
        assert current.evaluate("window.__spy.storage") == []
        assert current.evaluate("localStorage.length") == 0
        assert current.evaluate("sessionStorage.length") == 0
        assert current.evaluate("indexedDB.databases().then(d => d.length)") == 0
        assert current.evaluate("caches.keys().then(k => k.length)") == 0
        assert (
            current.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
        )
        assert current.evaluate("document.cookie") == ""
    assert session.context.cookies() == []
    assert not [r.url for r in session.responses if r.header_value("set-cookie")]
    pages = [r for r in session.responses if r.request.resource_type == "document"]
    assert pages and all(r.header_value("cache-control") == "no-store" for r in pages)


def test_no_request_leaves_the_gateway(open_session):
    session = open_session()
    page = chat_then_safety_page(session)
    page.locator("main a[href='/']").first.click()
    page.wait_for_url(session.stack.gateway_url + "/")
    origin = session.stack.gateway_url
    others = [r.url for r in session.requests if not r.url.startswith(origin + "/")]
    assert others == [], f"requests to other hosts: {others}"
    kinds = {r.resource_type for r in session.requests}
    assert "font" not in kinds


def test_headers_of_the_page(open_session):
    session = open_session()
    response = session.page.goto(session.stack.gateway_url + "/")
    headers = response.all_headers()
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors" in csp
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"
    config = session.page.request.get(session.stack.gateway_url + "/config.js")
    assert config.headers["cache-control"] == "no-store"
    assert config.headers["content-type"].startswith("text/javascript")


# --- what is shown, and how ----------------------------------------------------------


def test_first_visit_note_every_time_with_link_to_safety(open_session):
    session = open_session()
    for _ in range(2):  # nothing remembers that it was seen
        page = session.open()
        note = page.locator(".note")
        assert note.is_visible()
        text = note.inner_text()
        assert "Quick exit" in text and "Shift" in text and "3 times" in text
        assert "not" in text and "history" in text
    favicon = page.locator("link[rel=icon]").get_attribute("href")
    assert favicon.startswith("/static/")
    page.locator(".note a[href='/safety']").click()
    page.wait_for_url("**/safety")
    assert page.title() == "Help and information"
    body = page.locator("main").inner_text()
    for topic in (
        "Private browsing",
        "Clearing your history",
        "Texts",
        "Shared devices",
        "press 55",
        "999",
    ):
        assert topic in body
    phone = services_directory.get_service(services_directory.HELPLINE_ID).contact.phone
    assert phone in body
    assert page.locator("#exit-button").is_visible()
    assert page.evaluate("window.__spy.csp") == [], "the page must not need CSP exceptions"


def test_text_is_shown_as_text_and_links_are_safe(open_session):
    session = open_session()
    page = session.open()
    reply = {
        "messages": [
            {
                "text": '<img src=x onerror="window.__pwned=1"><b>bold</b> see '
                "https://example.org/help. Call 0808 2000 247.",
                "buttons": [{"title": "<i>Yes</i>", "payload": "/affirm"}],
            },
            {"text": "مرحبا، كيف يمكنني المساعدة؟", "buttons": []},
        ],
        "fallback": False,
    }
    page.route("**/api/chat", lambda route: route.fulfill(json=reply))
    say(page, "<script>window.__pwned=2</script>")
    wait_for_replies(page, 2)
    transcript = page.locator("#transcript")
    assert transcript.locator("img, b, i, script").count() == 0
    assert page.evaluate("window.__pwned") is None
    user = transcript.locator(".msg--user .msg__text").first
    assert user.inner_text() == "<script>window.__pwned=2</script>"
    bot = transcript.locator(".msg--bot .msg__text").first
    assert bot.inner_text().startswith('<img src=x onerror="window.__pwned=1"><b>bold</b>')
    assert transcript.locator(".choice").inner_text() == "<i>Yes</i>"

    link = bot.locator("a[href^='https:']")
    assert link.get_attribute("href") == "https://example.org/help"
    assert set(link.get_attribute("rel").split()) >= {"noopener", "noreferrer"}
    assert bot.locator("a[href^='tel:']").get_attribute("href") == "tel:08082000247"

    # Right-to-left text renders right to left.
    arabic = transcript.locator(".msg--bot .msg__text").nth(1)
    assert arabic.get_attribute("dir") == "auto"
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert user.evaluate("e => getComputedStyle(e).direction") == "ltr"


def test_arabic_typed_by_the_person_renders_right_to_left(open_session):
    page = open_session().open()
    say(page, "أحتاج مساعدة")
    wait_for_replies(page, 1)
    mine = page.locator("#transcript .msg--user .msg__text").first
    assert mine.get_attribute("dir") == "auto"
    assert mine.evaluate("e => getComputedStyle(e).direction") == "rtl"


def expected_safety_parts():
    phone = services_directory.get_service(services_directory.HELPLINE_ID).contact.phone
    return ["999", "press 55", phone]


def test_server_unreachable_shows_999_and_helpline(open_session):
    session = open_session()
    page = session.open()
    page.route("**/api/chat", lambda route: route.abort("connectionrefused"))
    say(page, "hi")
    notice = page.locator("#transcript .msg--notice")
    notice.wait_for()
    text = notice.inner_text()
    for part in expected_safety_parts():
        assert part in text
    assert configured(page, "safetyText") in text
    assert notice.locator("a[href='tel:999']").count() >= 1
    # The message stays, the page still works.
    page.unroute("**/api/chat")
    say(page, "hi")
    wait_for_replies(page, 2)


def test_still_safe_when_the_settings_script_fails(open_session):
    session = open_session()
    page = session.page
    page.route("**/config.js", lambda route: route.abort("connectionrefused"))
    session.open()
    # Quick exit still works, to the gateway's documented default.
    assert page.locator("#exit-button").get_attribute("href") == "https://www.bbc.co.uk/weather"
    page.route("**/api/chat", lambda route: route.abort("connectionrefused"))
    say(page, "hi")
    notice = page.locator("#transcript .msg--notice")
    notice.wait_for()
    assert "999" in notice.inner_text() and "press 55" in notice.inner_text()


def test_no_answer_within_15_seconds_shows_999_and_helpline(open_session):
    session = open_session()
    page = session.page
    page.clock.install()
    session.open()
    page.route("**/api/chat", lambda route: None)  # never answers
    say(page, "hi")
    page.locator("#typing").wait_for(state="visible")
    page.clock.run_for(14_000)
    assert page.locator("#transcript .msg--notice").count() == 0
    page.clock.run_for(1_500)
    notice = page.locator("#transcript .msg--notice")
    notice.wait_for()
    for part in expected_safety_parts():
        assert part in notice.inner_text()
    assert page.locator("#typing").is_hidden()


def test_message_length_limit(open_session):
    session = open_session()
    page = session.open()
    limit = configured(page, "maxMessageChars")
    box = page.locator("#message")
    assert box.get_attribute("maxlength") == str(limit)

    box.fill("a" * (limit - 10))
    assert page.locator("#char-count").inner_text() == "10 characters left"

    # Longer text put in by script or paste-around: refused with a clear message.
    page.evaluate("(n) => { document.getElementById('message').value = 'b'.repeat(n); }", limit + 1)
    page.locator("#send").click()
    error = page.locator("#composer-error")
    assert error.is_visible() and "too long" in error.inner_text()
    assert str(limit) in error.inner_text()
    assert session.chat_requests() == []

    # The server's 413 (its own count) is shown too, and the text is given back.
    detail = f"That message is too long. Please keep it under {limit} characters."
    page.route("**/api/chat", lambda route: route.fulfill(status=413, json={"detail": detail}))
    box.fill("a shorter message")
    box.press("Enter")
    page.wait_for_function("() => !document.getElementById('composer-error').hidden")
    assert error.inner_text() == detail
    assert box.input_value() == "a shorter message"
    assert page.locator("#transcript .msg--user").count() == 0


def test_reduced_motion_stops_the_typing_animation(open_session):
    for motion, expected in (("reduce", "none"), ("no-preference", "typing-blink")):
        page = open_session(reduced_motion=motion).open()
        page.route("**/api/chat", lambda route: None)
        say(page, "hi")
        dot = page.locator(".typing__dots span").first
        dot.wait_for()
        assert dot.evaluate("e => getComputedStyle(e).animationName") == expected


# --- accessibility and looks ----------------------------------------------------------------


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_axe_finds_no_serious_violations(open_session, axe_js, width):
    # axe is injected as an inline script: only this context bypasses the page's CSP.
    session = open_session(width=width, height=800, bypass_csp=True)
    page = session.open()
    assert run_axe(page, axe_js) == []
    greet_and_choose(page)
    page.locator("#message").fill("x" * (configured(page, "maxMessageChars") - 5))
    page.evaluate("document.getElementById('composer-error').hidden = false")
    page.evaluate("document.getElementById('composer-error').textContent = 'Error'")
    page.route("**/api/chat", lambda route: route.abort("connectionrefused"))
    notices = page.locator("#transcript .msg--notice").count()
    say(page, "hi")
    page.wait_for_function(
        "(n) => document.querySelectorAll('#transcript .msg--notice').length > n", arg=notices
    )
    assert run_axe(page, axe_js) == []
    page = session.open("/safety")
    assert run_axe(page, axe_js) == []


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_fits_the_width_and_exit_is_always_visible(open_session, width):
    page = open_session(width=width, height=640).open()
    # The note is read from its start: nothing scrolls it away before the first message.
    assert page.locator("#chat").evaluate("e => e.scrollTop") == 0
    assert page.locator(".note__title").is_visible()
    greet_and_choose(page)
    say(page, "hi")
    wait_for_replies(page, 3)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px wider than the screen"
    page.locator("#chat").evaluate("e => e.scrollTo(0, e.scrollHeight)")
    box = page.locator("#exit-button").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] >= 0
    assert box["height"] >= 24 and box["width"] >= 24
    assert page.locator("#exit-button").is_visible()
    assert page.locator("#message").is_visible()
    for button in page.locator(".choice").all():
        assert button.bounding_box()["height"] >= 24


def test_keyboard_only(open_session):
    page = open_session().open()
    order = []
    for _ in range(6):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.className || document.activeElement.id"))
    assert order == [
        "skip-exit", "exit__button", "", "language-choice", "composer__input", "composer__send"
    ]
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("hi")
    page.keyboard.press("Enter")
    page.locator(".choice").first.wait_for()
    before = bot_messages(page).count()
    page.keyboard.press("Shift+Tab")  # from the message box back to the last choice
    assert page.evaluate("document.activeElement.className") == "choice"
    page.keyboard.press("Enter")
    wait_for_replies(page, before + 1)
    assert page.url.endswith("/")


def test_choosing_a_language_greets_in_it_and_the_choice_goes_with_every_message(open_session):
    from textsafety.language import detect_language

    session = open_session()
    page = session.open()
    options = page.locator("#language-choice option")
    codes = [options.nth(i).get_attribute("value") for i in range(options.count())]
    assert codes[0] == "en" and {"pl", "ur", "ar", "pa"} <= set(codes)

    page.select_option("#language-choice", "pl")
    wait_for_replies(page, 1)
    sent = session.chat_requests()
    assert sent[-1]["message"] == "/greet" and sent[-1]["language"] == "pl"
    if os.environ.get("SAFE_STEPS_FAKE_STACK") != "1":
        greeting = bot_messages(page).last.inner_text()
        assert detect_language(greeting)[0] == "pl", greeting

    say(page, "hello")  # typed English, but the person chose Polish
    wait_for_replies(page, 2)
    assert session.chat_requests()[-1]["language"] == "pl"
    assert session.page_errors == []
