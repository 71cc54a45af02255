"""Gateway settings, read from the environment in this one place."""

from __future__ import annotations

import functools
from typing import List, Optional

from pydantic import BaseSettings, Field, validator

from textsafety.retention import DEFAULT_SESSION_IDLE_SECONDS

# Defaults that webhook/sms/config.py's SmsConfig shares.
DEFAULT_RASA_TIMEOUT_S = 8.0
# Twilio's Body is at most 1600 characters; anything longer is not from a phone.
DEFAULT_SMS_MAX_CHARS = 1600
DEFAULT_SMS_RATE_LIMIT_PER_MINUTE = 20
DEFAULT_SENDER_ID_PERIOD_DAYS = 30


class Settings(BaseSettings):
    """Every setting of the gateway; names are the environment variables."""

    # Rasa REST channel(s): a comma-separated list; more than one = scale-out workers.
    rasa_urls: str = Field("http://127.0.0.1:5005", env="RASA_URLS")
    rasa_auth_token: Optional[str] = Field(None, env="RASA_AUTH_TOKEN")
    # Twilio gives a webhook 15 s in all; we answer with the safety reply well before.
    rasa_timeout_s: float = Field(DEFAULT_RASA_TIMEOUT_S, env="RASA_TIMEOUT_S")
    max_message_chars: int = Field(1000, env="MAX_MESSAGE_CHARS")
    max_body_bytes: int = Field(16_384, env="MAX_BODY_BYTES")
    # A conversation restarts (kindly) after this many turns; Rasa slows as one grows.
    max_turns: int = Field(100, env="MAX_TURNS")
    # Conversations expire after this idle time (the same variable Rasa's store reads).
    session_idle_seconds: int = Field(DEFAULT_SESSION_IDLE_SECONDS, env="SESSION_IDLE_SECONDS")

    redis_url: Optional[str] = Field(None, env="REDIS_URL")

    # Web page
    exit_url: str = Field("https://www.bbc.co.uk/weather", env="QUICK_EXIT_URL")
    frame_ancestors: str = Field("'none'", env="FRAME_ANCESTORS")

    # SMS (Twilio)
    twilio_auth_token: Optional[str] = Field(None, env="TWILIO_AUTH_TOKEN")
    sms_webhook_url: Optional[str] = Field(None, env="SMS_WEBHOOK_URL")
    sender_id_secret: Optional[str] = Field(None, env="SENDER_ID_SECRET")
    # HMAC key rotation
    sender_id_period_days: float = Field(DEFAULT_SENDER_ID_PERIOD_DAYS, env="SENDER_ID_PERIOD_DAYS")
    sms_rate_limit_per_minute: int = Field(
        DEFAULT_SMS_RATE_LIMIT_PER_MINUTE, env="SMS_RATE_LIMIT_PER_MINUTE"
    )
    sms_max_chars: int = Field(DEFAULT_SMS_MAX_CHARS, env="SMS_MAX_CHARS")

    # Stats
    stats_token: Optional[str] = Field(None, env="STATS_TOKEN")

    # production = refuse to start without the secrets above
    production: bool = Field(False, env="SAFE_STEPS_PRODUCTION")

    @validator("rasa_timeout_s")
    def _timeout_positive(cls, value: float) -> float:  # noqa: N805
        if value <= 0:
            raise ValueError("RASA_TIMEOUT_S must be positive")
        return value

    @property
    def rasa_url_list(self) -> List[str]:
        """The Rasa base URLs, without trailing slashes."""
        return [url.strip().rstrip("/") for url in self.rasa_urls.split(",") if url.strip()]

    def missing_production_secrets(self) -> List[str]:
        """Names of secrets production mode needs but the environment lacks."""
        required = {
            "TWILIO_AUTH_TOKEN": self.twilio_auth_token,
            "SMS_WEBHOOK_URL": self.sms_webhook_url,
            "SENDER_ID_SECRET": self.sender_id_secret,
            "STATS_TOKEN": self.stats_token,
            "RASA_AUTH_TOKEN": self.rasa_auth_token,
        }
        return [name for name, value in required.items() if not value]


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests override the dependency instead)."""
    return Settings()
