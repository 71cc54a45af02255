"""Reading text direction the way a phone or browser starts to."""

from __future__ import annotations

import unicodedata


def first_strong_direction(text: str) -> str | None:
    """The bidi class of the first strongly directional character: L, R or AL."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("L", "R", "AL"):
            return direction
    return None
