"""The SMS line's settings, taken from the gateway's Settings (webhook/config.py).

This module never reads the environment itself; the dataclass defaults are Settings'
(the same constants) and serve tests that build an SmsConfig directly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import List, Optional

from webhook.config import (
    DEFAULT_SENDER_ID_PERIOD_DAYS,
    DEFAULT_SMS_MAX_CHARS,
    DEFAULT_SMS_RATE_LIMIT_PER_MINUTE,
    Settings,
)

logger = logging.getLogger(__name__)
# A Twilio retry comes within seconds; ten minutes covers it with room to spare.
REPLY_TTL_S = 600
# Numbered options stay valid as long as a Rasa session (30 minutes idle).
OPTIONS_TTL_S = 1800


@dataclass(frozen=True)
class SmsConfig:
    """What the SMS line needs to run, checked and complete."""

    auth_token: str
    webhook_url: str
    sender_secret: str
    sender_id_period_days: float = DEFAULT_SENDER_ID_PERIOD_DAYS
    rate_limit_per_minute: int = DEFAULT_SMS_RATE_LIMIT_PER_MINUTE
    max_chars: int = DEFAULT_SMS_MAX_CHARS
    reply_ttl_s: float = REPLY_TTL_S
    options_ttl_s: float = OPTIONS_TTL_S


def missing_sms_settings(settings: Settings) -> List[str]:
    """Names of the environment variables the SMS line needs but does not have."""
    required = {
        "TWILIO_AUTH_TOKEN": settings.twilio_auth_token,
        "SMS_WEBHOOK_URL": settings.sms_webhook_url,
        "SENDER_ID_SECRET": settings.sender_id_secret,
    }
    return [name for name, value in required.items() if not value]


def sms_config(settings: Settings) -> Optional[SmsConfig]:
    """The SMS settings, or None when the line is not configured (the log says what is missing)."""
    missing = missing_sms_settings(settings)
    if missing:
        logger.warning("sms line not configured: %s unset", ", ".join(missing))
        return None
    return SmsConfig(
        auth_token=settings.twilio_auth_token or "",
        webhook_url=(settings.sms_webhook_url or "").strip(),
        sender_secret=settings.sender_id_secret or "",
        sender_id_period_days=settings.sender_id_period_days,
        rate_limit_per_minute=settings.sms_rate_limit_per_minute,
        max_chars=settings.sms_max_chars,
    )
