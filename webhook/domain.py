"""The domain as the gateway reads it (its own replies, the known intents): parsed once.

domain.yml joined with the generated domain files (generated/domain.py), as Rasa sees it.
"""

from __future__ import annotations

from typing import Any, Dict

from generated.domain import DOMAIN_PATH, load_whole_domain

__all__ = ["DOMAIN_PATH", "load_domain"]


def load_domain() -> Dict[str, Any]:
    """The whole domain as a dict; callers only read it."""
    return load_whole_domain()
