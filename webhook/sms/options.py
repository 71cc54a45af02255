"""Numbered options: Rasa's buttons become "Reply 1 for ...", and "1" maps back."""

from __future__ import annotations

import json
import re
from typing import List

from webhook.store import Store

# One digit per option: "10" would be ambiguous on a phone keypad.
MAX_OPTIONS = 9

_CHOICE = re.compile(r"\s*([1-9])\s*[.)]?\s*")


def _key(sender_id: str) -> str:
    return f"sms:options:{sender_id}"


def choice_number(body: str) -> int | None:
    """The option number a message picks ("2", " 2 ", "2."), or None."""
    match = _CHOICE.fullmatch(body)
    return int(match.group(1)) if match else None


async def remember_options(store: Store, sender_id: str, payloads: List[str], ttl_s: float) -> None:
    """Keeps the payloads of the options just offered; no options clears the last ones."""
    if payloads:
        await store.set(_key(sender_id), json.dumps(payloads[:MAX_OPTIONS]), ttl_s)
    else:
        await store.delete(_key(sender_id))


async def forget_options(store: Store, *sender_ids: str) -> None:
    """Clears the options of conversations (STOP, FORGET)."""
    await store.delete(*(_key(sender_id) for sender_id in sender_ids))


async def payload_for(store: Store, sender_id: str, body: str) -> str | None:
    """The payload of the option a reply like "2" picks, if it picks one on offer."""
    number = choice_number(body)
    if number is None:
        return None
    stored = await store.get(_key(sender_id))
    if not stored:
        return None
    try:
        payloads = json.loads(stored)
    except ValueError:
        return None
    if not isinstance(payloads, list) or number > len(payloads):
        return None
    payload = payloads[number - 1]
    return payload if isinstance(payload, str) and payload else None
