"""Settings of the Rasa-side processes (Rasa, stats CLI): read from the environment here only."""

from __future__ import annotations

import os
from typing import Any, Optional

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


def redis_url() -> Optional[str]:
    """REDIS_URL, or None when Redis (and so every metric) is off."""
    return os.environ.get("REDIS_URL") or None


def is_true(value: Any) -> bool:
    """An endpoints-file flag such as `use_ssl: ${REDIS_USE_SSL}`, which arrives as text."""
    return str(value).lower() in ("1", "true", "yes")
