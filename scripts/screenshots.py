"""Screenshots of the chat page for a person to look at (not a test: it checks nothing).

At three sizes (390x844 phone, 1280x800 laptop, 320x568 small phone), writes to
test-artifacts/: the page as it opens (chat-<width>-start.png), after a greeting and
a first choice with a message typed (chat-<width>.png), and the safety page
(safety-<width>.png).

    .venv/bin/python -m scripts.screenshots                 # the real gateway, fake Rasa
    .venv/bin/python -m scripts.screenshots --url http://127.0.0.1:8000   # a running stack

Needs Chromium (apt-get install chromium; CHROMIUM_PATH overrides /usr/bin/chromium)
and Playwright (requirements-test.lock).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import Iterator, Optional

ROOT = Path(__file__).resolve().parent.parent
SIZES = [(390, 844), (1280, 800), (320, 568)]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]
# Waits until the conversation has stopped scrolling (the page scrolls smoothly).
SETTLE = """() => new Promise((resolve) => {
  const box = document.getElementById('chat');
  let last = -1, same = 0;
  const tick = () => {
    const now = box ? box.scrollTop : 0;
    same = now === last ? same + 1 : 0;
    last = now;
    if (same >= 10) resolve(); else requestAnimationFrame(tick);
  };
  tick();
})"""
BOT_MESSAGES = "#transcript .msg--bot, #transcript .msg--notice"


@contextlib.contextmanager
def gateway(url: Optional[str]) -> Iterator[str]:
    """The given gateway URL, or the real gateway in front of a fake Rasa for the run."""
    if url:
        yield url.rstrip("/")
        return
    from tests.browser.fake_stack import start_fake_stack

    stacks = start_fake_stack()
    try:
        yield next(stacks).gateway_url
    finally:
        stacks.close()


def wait_for_replies(page, count: int) -> None:
    """Waits until `count` bot messages are shown and the typing indicator is gone."""
    page.wait_for_function(
        f"(count) => document.querySelectorAll('{BOT_MESSAGES}').length >= count"
        " && document.getElementById('typing').hidden",
        arg=count,
    )


def shoot(browser, base_url: str, width: int, height: int, out: Path) -> None:
    """The three screenshots at one size."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(base_url + "/")
        page.wait_for_function("() => window.SafeStepsExit !== undefined")
        page.screenshot(path=str(out / f"chat-{width}-start.png"))
        page.locator("#message").fill("hi")
        page.locator("#message").press("Enter")
        choices = page.locator("#transcript .msg--bot .choice")
        choices.first.wait_for()
        before = page.locator(BOT_MESSAGES).count()
        choices.first.click()
        wait_for_replies(page, before + 1)
        page.locator("#message").fill("Is this private?")
        page.mouse.move(0, 0)
        page.evaluate(SETTLE)
        page.screenshot(path=str(out / f"chat-{width}.png"))
        page.goto(base_url + "/safety")
        page.screenshot(path=str(out / f"safety-{width}.png"))
    finally:
        context.close()


def main() -> int:
    """Takes every screenshot; prints where they are."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running gateway (default: start one with a fake Rasa)")
    parser.add_argument("--out", type=Path, default=ROOT / "test-artifacts")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)",
              file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with gateway(args.url) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            for width, height in SIZES:
                shoot(browser, base_url, width, height, args.out)
                print(f"{width}x{height}: chat-{width}-start.png, chat-{width}.png, "
                      f"safety-{width}.png in {args.out}")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
