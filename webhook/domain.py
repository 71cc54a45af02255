"""domain.yml as the gateway reads it (its own replies, the known intents): parsed once."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict

import yaml

DOMAIN_PATH = Path(__file__).resolve().parent.parent / "domain.yml"


@functools.cache
def load_domain() -> Dict[str, Any]:
    """The parsed domain.yml; callers only read it."""
    with open(DOMAIN_PATH, encoding="utf-8") as handle:
        return yaml.safe_load(handle)
