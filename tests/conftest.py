"""Fixtures shared by every test directory.

One embedded-defaults stack (Rasa, action server, gateway on test ports) serves the
integration and browser tests alike: starting Rasa costs about a minute.
"""

from __future__ import annotations

import pytest

from tests.integration.conftest import start_stack, stop_stack


@pytest.fixture(scope="session")
def stack():
    """The embedded-defaults stack (in-memory stores) on test ports."""
    running = start_stack("stack", {"rasa": 15005, "actions": 15055, "gateway": 18000})
    yield running
    stop_stack(running)
