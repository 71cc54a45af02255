"""How long a conversation is kept: the one setting every process shares.

Read from the environment here only, so the gateway's stores, Rasa's tracker store and
the metrics agree on when a conversation is forgotten.
"""

from __future__ import annotations

import os

DEFAULT_SESSION_IDLE_SECONDS = 1800


def session_idle_seconds() -> int:
    """SESSION_IDLE_SECONDS: whole seconds a conversation is kept after its last message."""
    raw = os.environ.get("SESSION_IDLE_SECONDS", "").strip()
    if not raw:
        return DEFAULT_SESSION_IDLE_SECONDS
    try:
        seconds = int(raw)
    except ValueError:
        raise ValueError(f"SESSION_IDLE_SECONDS must be whole seconds, not {raw!r}") from None
    if seconds <= 0:
        raise ValueError("SESSION_IDLE_SECONDS must be positive")
    return seconds
