"""The language of a bot reply, so the page can mark it (`lang`, `dir`) for screen readers.

Rasa's REST channel sends text only, not the `language` slot. The translated replies
are known, though: each is a variation of an English reply in the whole domain
(`condition: slot language = <code>`), so a reply whose text is one of them is in that
language. Any other reply is English when it is plain ASCII (every English reply is),
else in the language the person chose on the page, if any; else unknown, and the page
lets the browser find the direction (dir="auto") without claiming a language.
"""

from __future__ import annotations

import functools
import re
from typing import Dict, Optional

from webhook.domain import load_domain, variation_language

ENGLISH = "en"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@functools.lru_cache(maxsize=1)
def translated_texts() -> Dict[str, str]:
    """{reply text as the page gets it: language code} for every translated variation.

    Placeholders are filled with the slots' initial values (the directory's numbers), and
    texts are split at blank lines, as Rasa's REST channel splits them into messages.
    """
    domain = load_domain()
    slots = {
        name: str(spec["initial_value"])
        for name, spec in (domain.get("slots") or {}).items()
        if spec.get("initial_value") is not None
    }
    texts: Dict[str, str] = {}
    for variations in (domain.get("responses") or {}).values():
        for variation in variations:
            language = variation_language(variation)
            if not language or not variation.get("text"):
                continue
            text = _PLACEHOLDER.sub(lambda m: slots.get(m.group(1), m.group(0)), variation["text"])
            for part in text.strip().split("\n\n"):
                texts[part.strip()] = language
    return texts


def reply_language(text: str, chosen: Optional[str] = None) -> Optional[str]:
    """The language code of one bot message, or None when it cannot be told."""
    text = text.strip()
    known = translated_texts().get(text)
    if known:
        return known
    if text.isascii():
        return ENGLISH
    return chosen or None
