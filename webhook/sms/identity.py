"""Pseudonymous ids for the SMS line: the phone number never leaves this module.

The Rasa conversation id of a sender is a keyed HMAC-SHA256 of the number in E.164 form.
The key rotates: it is derived from SENDER_ID_SECRET and the index of the current period
(30 days by default), so ids in old logs or stores cannot be linked to new ones, and
nobody without the secret can test whether a given number has texted.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from typing import List

SENDER_PREFIX = "sms_"
DAY_S = 86_400

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
    """Which rotation period a moment falls in (periods count from the Unix epoch)."""
    seconds = time.time() if now is None else now
    return int(seconds // (period_days * DAY_S))


def _period_key(secret: str, index: int) -> bytes:
    return hmac.new(secret.encode("utf-8"), f"period:{index}".encode(), hashlib.sha256).digest()


def sender_id(number: str, secret: str, period_days: float = 30, now: float | None = None) -> str:
    """The conversation id of a sender in the current period: "sms_" + 64 hex digits."""
    return _sender_id_in(number, secret, period_index(period_days, now))


def _sender_id_in(number: str, secret: str, index: int) -> str:
    key = _period_key(secret, index)
    digest = hmac.new(key, normalise_number(number).encode("utf-8"), hashlib.sha256)
    return SENDER_PREFIX + digest.hexdigest()


def recent_sender_ids(
    number: str, secret: str, period_days: float = 30, now: float | None = None
) -> List[str]:
    """The ids of this period and the one before: what a wipe must cover near a rotation."""
    index = period_index(period_days, now)
    return [_sender_id_in(number, secret, index), _sender_id_in(number, secret, index - 1)]


def message_key(message_sid: str, secret: str) -> str:
    """A store key for a Twilio MessageSid that cannot be looked up at Twilio."""
    digest = hmac.new(secret.encode("utf-8"), b"sid:" + message_sid.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:32]
