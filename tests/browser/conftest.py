"""Fixtures of the browser tests: the running stack and Debian's headless Chromium.

`stack` is the integration suite's session fixture (Rasa, action server and gateway,
with QUICK_EXIT_URL pointing at the gateway's own /healthz, since tests have no
network). Until that exists, or with SAFE_STEPS_FAKE_STACK=1, a fake Rasa behind the
real gateway stands in (tests/browser/fake_stack.py).

Chromium comes from Debian (`apt-get install chromium`), not from `playwright install`;
CHROMIUM_PATH overrides /usr/bin/chromium. axe-core comes from
`npm ci --prefix tests/browser`.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `tests.integration` is imported by its dotted name
    sys.path.insert(0, str(ROOT))

_USE_FAKE = os.environ.get("SAFE_STEPS_FAKE_STACK") == "1"
if not _USE_FAKE:
    try:
        from tests.integration.conftest import stack  # noqa: F401  (the session fixture)
    except ModuleNotFoundError as error:
        if error.name not in {"tests", "tests.integration", "tests.integration.conftest"}:
            raise  # a broken import inside the real fixture must not be hidden
        _USE_FAKE = True

if _USE_FAKE:
    from tests.browser.fake_stack import start_fake_stack

    @pytest.fixture(scope="session")
    def stack():
        """The real gateway in front of a fake Rasa (no model needed)."""
        warnings.warn(
            "browser tests run against the fake stack (tests/browser/fake_stack.py)",
            stacklevel=1,
        )
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


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system, driven by Playwright."""
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
