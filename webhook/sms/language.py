"""The language a person chose by keyword, remembered for the conversation.

Kept in the gateway's store under the pseudonymous sender id, never a number; the value
is a language code. It expires like the numbered options (a Rasa session's idle time)
and every message that uses it starts the clock again. STOP and FORGET clear it.
"""

from __future__ import annotations

from typing import Optional

from textsafety.languages import SUPPORTED_LANGUAGES
from webhook.store import Store


def _key(sender_id: str) -> str:
    return f"sms:language:{sender_id}"


async def remember_language(store: Store, sender_id: str, language: str, ttl_s: float) -> None:
    """Keeps the language a keyword chose (or keeps it for longer)."""
    await store.set(_key(sender_id), language, ttl_s)


async def chosen_language(store: Store, sender_id: str, ttl_s: float) -> Optional[str]:
    """The language chosen in this conversation, if any; each use extends its life."""
    language = await store.get(_key(sender_id))
    if language not in SUPPORTED_LANGUAGES:
        return None
    await store.set(_key(sender_id), language, ttl_s)
    return language


async def forget_language(store: Store, *sender_ids: str) -> None:
    """Clears the chosen language of conversations (STOP, FORGET)."""
    await store.delete(*(_key(sender_id) for sender_id in sender_ids))
