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
# In production every secret must be at least this long (a Twilio auth token is 32).
MIN_SECRET_CHARS = 32


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

    # Capacity (webhook/capacity.py): turns in flight to Rasa, per gateway process; new
    # web conversations may use only part of it. One Rasa process on 2 cores answers
    # about 15 turns/s when saturated, so 64 waiting is about 4 s: under the deadline.
    max_turns_in_flight: int = Field(64, env="MAX_TURNS_IN_FLIGHT")
    max_new_conversations_in_flight: int = Field(32, env="MAX_NEW_CONVERSATIONS_IN_FLIGHT")
    # Per web client (IP address) and minute, per gateway process.
    web_new_conversations_per_minute: int = Field(30, env="WEB_NEW_CONVERSATIONS_PER_MINUTE")
    web_messages_per_minute: int = Field(120, env="WEB_MESSAGES_PER_MINUTE")
    web_exits_per_minute: int = Field(30, env="WEB_EXITS_PER_MINUTE")
    web_turns_in_flight_per_client: int = Field(6, env="WEB_TURNS_IN_FLIGHT_PER_CLIENT")
    # Proxies whose X-Forwarded-For names the client (uvicorn reads the same variable).
    forwarded_allow_ips: str = Field("127.0.0.1", env="FORWARDED_ALLOW_IPS")
    # The public address of the service; https turns on HSTS.
    public_url: Optional[str] = Field(None, env="PUBLIC_URL")

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

    @property
    def hsts(self) -> bool:
        """Whether browsers are told to use HTTPS only (PUBLIC_URL is https)."""
        return (self.public_url or "").strip().lower().startswith("https://")

    def _secrets(self) -> dict:
        return {
            "TWILIO_AUTH_TOKEN": self.twilio_auth_token,
            "SENDER_ID_SECRET": self.sender_id_secret,
            "STATS_TOKEN": self.stats_token,
            "RASA_AUTH_TOKEN": self.rasa_auth_token,
        }

    def missing_production_secrets(self) -> List[str]:
        """Names of settings production mode needs but the environment lacks.

        Production means Redis: without it the stores would be per process and Rasa's
        in-memory tracker store would keep what people typed.
        """
        required = {
            **self._secrets(),
            "SMS_WEBHOOK_URL": self.sms_webhook_url,
            "REDIS_URL": self.redis_url,
        }
        return [name for name, value in required.items() if not value]

    def short_production_secrets(self) -> List[str]:
        """Names of secrets shorter than MIN_SECRET_CHARS (checked in production)."""
        return [
            name
            for name, value in self._secrets().items()
            if value and len(value.strip()) < MIN_SECRET_CHARS
        ]


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests override the dependency instead)."""
    return Settings()
