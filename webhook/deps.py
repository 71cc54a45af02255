"""FastAPI dependencies: the clients live on app.state so tests can swap them."""

from __future__ import annotations

from fastapi import Request

from webhook.config import Settings
from webhook.rasa_client import RasaClient
from webhook.store import Store


def get_settings_dep(request: Request) -> Settings:
    """The settings the app was built with."""
    return request.app.state.settings


def get_rasa(request: Request) -> RasaClient:
    """The Rasa client the app was built with."""
    return request.app.state.rasa


def get_store(request: Request) -> Store:
    """The ephemeral key-value store the app was built with (memory or Redis)."""
    return request.app.state.store
