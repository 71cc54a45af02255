"""FastAPI dependencies, declared once: the components create_app() built at start-up.

They live on app.state, so a test builds an app with its own settings, bot and store.
"""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import Depends, Request

from webhook.capacity import ClientLimits
from webhook.config import Settings
from webhook.sms.service import SmsLine
from webhook.store import Store
from webhook.turns import Turns


def get_settings_dep(request: Request) -> Settings:
    """The settings the app was built with."""
    return request.app.state.settings


def get_turns(request: Request) -> Turns:
    """Turns with the bot: admission, deadline and safety fallback."""
    return request.app.state.turns


def get_store(request: Request) -> Store:
    """The ephemeral key-value store the app was built with (memory or Redis)."""
    return request.app.state.store


def get_client_limits(request: Request) -> ClientLimits:
    """The per-client limits of the web chat."""
    return request.app.state.client_limits


def get_sms_line(request: Request) -> Optional[SmsLine]:
    """The SMS line, or None when it is not configured."""
    return request.app.state.sms_line


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
TurnsDep = Annotated[Turns, Depends(get_turns)]
StoreDep = Annotated[Store, Depends(get_store)]
ClientLimitsDep = Annotated[ClientLimits, Depends(get_client_limits)]
SmsLineDep = Annotated[Optional[SmsLine], Depends(get_sms_line)]
