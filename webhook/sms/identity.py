"""Pseudonymous ids for the SMS line: the phone number never leaves this module.

The Rasa conversation id of a sender is a keyed HMAC-SHA256 of the number in E.164 form.
The key changes every period (30 days by default). Each period's key is random, made by
the first gateway that needs it and kept in the store (Redis in production, shared by
every gateway), and it expires at the end of the next period: after that nobody, with
or without SENDER_ID_SECRET, can link an old id to a number. The stored random key is
mixed with SENDER_ID_SECRET, so a copy of the store alone cannot test numbers either.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from typing import Callable, List, Optional

from webhook.store import Store

SENDER_PREFIX = "sms_"
DAY_S = 86_400
# Kept through its own period and the next (the wipe of FORGET covers both).
KEY_PERIODS_KEPT = 2

_SEPARATORS = re.compile(r"[\s\-().\u00a0]")


def normalise_number(raw: str) -> str:
    """The sender address in E.164 (+447700900123), whatever spacing it came with.

    A channel prefix such as "whatsapp:" is kept (a WhatsApp chat is another
    conversation). UK national numbers (07700 900123) get +44. Addresses that are not
    phone numbers (short codes, alphanumeric senders) are returned trimmed.
    """
    address = raw.strip()
    scheme = ""
    if ":" in address:
        scheme, address = address.split(":", 1)
        scheme = scheme.strip().lower() + ":"
    address = address.replace("(0)", "")
    compact = _SEPARATORS.sub("", address)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    elif compact.startswith("0") and compact[1:].isdigit() and len(compact) >= 10:
        compact = "+44" + compact[1:]
    elif compact.isdigit() and len(compact) >= 10:
        compact = "+" + compact
    if re.fullmatch(r"\+\d{6,15}", compact):
        return scheme + compact
    return scheme + address.strip()


def period_index(period_days: float, now: float | None = None) -> int:
    """Which key period a moment falls in (periods count from the Unix epoch)."""
    seconds = time.time() if now is None else now
    return int(seconds // (period_days * DAY_S))


def period_key_name(index: int) -> str:
    """The store key holding the random key of a period."""
    return f"sms:sender-key:{index}"


def sender_id_for_key(number: str, secret: str, random_key_hex: str) -> str:
    """The conversation id of a number under one period's stored random key."""
    key = hmac.new(
        secret.encode("utf-8"), b"period-key:" + bytes.fromhex(random_key_hex), hashlib.sha256
    ).digest()
    digest = hmac.new(key, normalise_number(number).encode("utf-8"), hashlib.sha256)
    return SENDER_PREFIX + digest.hexdigest()


class SenderKeys:
    """The random per-period keys in the store, and the ids they give a number."""

    def __init__(
        self,
        store: Store,
        secret: str,
        period_days: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._secret = secret
        self._period_s = period_days * DAY_S
        self._clock = clock

    async def _random_key(self, index: int, create: bool) -> Optional[str]:
        name = period_key_name(index)
        value = await self._store.get(name)
        if value is None and create:
            # Destroyed when the period after this one ends.
            ttl_s = (index + KEY_PERIODS_KEPT) * self._period_s - self._clock()
            # NX: when two gateways race, both end up with the one that landed first.
            await self._store.add(name, secrets.token_hex(32), ttl_s)
            value = await self._store.get(name)
            if value is None:
                raise RuntimeError("sender key could not be kept")
        return value

    async def recent_ids(self, number: str) -> List[str]:
        """The id of this period (its key made if need be), then the last period's if kept.

        The first is the conversation in use; a wipe covers the second too, so FORGET
        just after a key change still deletes the conversation.
        """
        index = int(self._clock() // self._period_s)
        ids = [sender_id_for_key(number, self._secret, await self._random_key(index, True))]
        previous = await self._random_key(index - 1, False)
        if previous is not None:
            ids.append(sender_id_for_key(number, self._secret, previous))
        return ids


def message_key(message_sid: str, secret: str) -> str:
    """A store key for a Twilio MessageSid that cannot be looked up at Twilio."""
    digest = hmac.new(secret.encode("utf-8"), b"sid:" + message_sid.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:32]
