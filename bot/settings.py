"""Settings of the Rasa plugins in bot/: read from the environment here only."""

from __future__ import annotations

import os
from typing import Any, Optional


def redis_url() -> Optional[str]:
    """REDIS_URL, or None when Redis (and so every metric) is off."""
    return os.environ.get("REDIS_URL") or None


def is_true(value: Any) -> bool:
    """An endpoints-file flag such as `use_ssl: ${REDIS_USE_SSL}`, which arrives as text."""
    return str(value).lower() in ("1", "true", "yes")
