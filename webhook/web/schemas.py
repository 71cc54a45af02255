"""Pydantic models at the edge of the web chat API."""

from __future__ import annotations

from typing import List, Optional

from pydantic import BaseModel, Field

# Made by the page with crypto.getRandomValues: 128+ bits, URL-safe base64 or hex.
CONVERSATION_ID = r"^[A-Za-z0-9_-]{22,64}$"


class ChatRequest(BaseModel):
    """One message from the chat page."""

    conversation_id: str = Field(..., regex=CONVERSATION_ID)
    message: str = Field(..., min_length=1)
    language: Optional[str] = Field(None, regex=r"^[a-z]{2,3}$")


class Button(BaseModel):
    """A quick reply: the title is shown, the payload is sent back."""

    title: str
    payload: str


class BotMessage(BaseModel):
    """One bot message, rendered as text by the page."""

    text: str = ""
    buttons: List[Button] = []
    # The reply's language code, for the page's lang and dir (webhook/web/reply_language.py).
    lang: Optional[str] = None


class ChatResponse(BaseModel):
    """The bot's replies to one message."""

    messages: List[BotMessage]
    fallback: bool = False  # true: the static safety reply, because the bot failed


class ExitRequest(BaseModel):
    """Quick exit: wipe this conversation on the server."""

    conversation_id: str = Field(..., regex=CONVERSATION_ID)
