"""Fixtures of the browser tests: a running stack and Debian's headless Chromium.

The stack is the one tests/support/plugin.py shares with every test directory (Rasa,
action server and gateway started by `ops.launcher`, QUICK_EXIT_URL pointing at the
gateway's own /healthz since tests have no network). SAFE_STEPS_FAKE_STACK=1 puts a
fake Rasa behind the real gateway instead (tests/browser/fake_stack.py): no trained
model needed, seconds to start.

Chromium comes from Debian (`apt-get install chromium`), not from `playwright install`;
CHROMIUM_PATH overrides /usr/bin/chromium. axe-core comes from
`npm ci --prefix tests/browser`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

if os.environ.get("SAFE_STEPS_FAKE_STACK") == "1":
    from tests.browser.fake_stack import start_fake_stack

    @pytest.fixture(scope="package")
    def stack():
        """The real gateway in front of a fake Rasa (no model needed)."""
        yield from start_fake_stack()


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="package")
def browser():
    """Headless Chromium from the system, driven by Playwright."""
    # Package scope: Playwright's sync API keeps an event loop running while it is
    # open, which would break asyncio.run() in every test collected after this package.
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_js() -> Path:
    """The pinned axe-core build (tests/browser/package-lock.json)."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} missing: run npm ci --prefix tests/browser", pytrace=False)
    return AXE_JS


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ at the repository root (screenshots)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
