"""The domain as the gateway reads it (its own replies, the known intents): parsed once.

domain.yml joined with the generated domain files (generated/domain.py), as Rasa sees it.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from generated.domain import DOMAIN_PATH, load_whole_domain

__all__ = ["DOMAIN_PATH", "load_domain", "variation_language"]


def load_domain() -> Dict[str, Any]:
    """The whole domain as a dict; callers only read it."""
    return load_whole_domain()


def variation_language(variation: Dict[str, Any]) -> Optional[str]:
    """A response variation's language (`condition: slot language = <code>`); None: English."""
    for condition in variation.get("condition") or []:
        if condition.get("type") == "slot" and condition.get("name") == "language":
            return str(condition.get("value"))
    return None
