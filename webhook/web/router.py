"""Routes of the web chat: the pages, their settings script, /api/chat and /api/exit."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Dict, List

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import FileResponse

import services_directory
from webhook.config import Settings
from webhook.deps import get_rasa, get_settings_dep
from webhook.languages import language_choices
from webhook.rasa_client import RasaClient, RasaUnavailable
from webhook.safety import safety_reply
from webhook.web.schemas import BotMessage, ChatRequest, ChatResponse, ExitRequest

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
# Pages and their settings are not kept in the browser's disk cache (a shared device
# should hold as little trace of a visit as possible), and a page left with no-store
# is not put in the back/forward cache either.
NO_STORE = {"Cache-Control": "no-store"}
router = APIRouter()


def web_sender_id(conversation_id: str) -> str:
    """The Rasa sender id of a web conversation (a random id, nothing personal)."""
    return f"web_{conversation_id}"


def to_bot_messages(replies: List[Dict[str, Any]]) -> List[BotMessage]:
    """Keeps the text and buttons of Rasa's replies; drops anything else (images, custom)."""
    messages = []
    for reply in replies:
        if reply.get("text") or reply.get("buttons"):
            messages.append(
                BotMessage(text=reply.get("text") or "", buttons=reply.get("buttons") or [])
            )
    return messages


def page_config(settings: Settings) -> Dict[str, Any]:
    """What the page needs from the settings and the directory (nothing secret)."""
    helpline = services_directory.get_service(services_directory.HELPLINE_ID)
    return {
        "exitUrl": settings.exit_url,
        "maxMessageChars": settings.max_message_chars,
        "safetyText": safety_reply(),
        "helplinePhone": helpline.contact.phone if helpline else None,
        "languages": language_choices(),
    }


@router.get("/", include_in_schema=False)
async def page() -> FileResponse:
    """The chat page (neutral title, no third-party requests)."""
    return FileResponse(STATIC / "index.html", media_type="text/html", headers=NO_STORE)


@router.get("/safety", include_in_schema=False)
async def safety_page() -> FileResponse:
    """A plain page on private browsing, clearing history and shared devices."""
    return FileResponse(STATIC / "safety.html", media_type="text/html", headers=NO_STORE)


@router.get("/config.js", include_in_schema=False)
async def config_script(settings: Settings = Depends(get_settings_dep)) -> Response:
    """The page settings as a script from 'self', so the CSP needs no inline script.

    Loaded before chat.js and exit.js, so the exit URL is known before anything else
    runs. JSON with ASCII escapes is a valid JavaScript expression.
    """
    config = json.dumps(page_config(settings), ensure_ascii=True)
    body = f"window.SAFE_STEPS_CONFIG = Object.freeze({config});\n"
    return Response(body, media_type="text/javascript; charset=utf-8", headers=NO_STORE)


@router.post("/api/chat", response_model=ChatResponse)
async def chat(
    body: ChatRequest,
    settings: Settings = Depends(get_settings_dep),
    rasa: RasaClient = Depends(get_rasa),
) -> ChatResponse:
    """Forwards one message to Rasa; any failure gets the static safety reply."""
    text = body.message.strip()
    if not text:
        raise HTTPException(status_code=422, detail="Please type a message.")
    if len(text) > settings.max_message_chars:
        raise HTTPException(
            status_code=413,
            detail=(
                "That message is too long. "
                f"Please keep it under {settings.max_message_chars} characters."
            ),
        )
    metadata = {"channel": "web"}
    if body.language:
        metadata["language"] = body.language
    try:
        replies = await rasa.send(web_sender_id(body.conversation_id), text, metadata)
        messages = to_bot_messages(replies)
        if not messages:
            raise RasaUnavailable("no text")
        return ChatResponse(messages=messages)
    except RasaUnavailable:
        return ChatResponse(messages=[BotMessage(text=safety_reply())], fallback=True)


@router.post("/api/exit", status_code=204)
async def quick_exit(request: Request, rasa: RasaClient = Depends(get_rasa)) -> Response:
    """Wipes the server-side conversation. Sent by navigator.sendBeacon (text/plain)."""
    raw = await request.body()
    try:
        body = ExitRequest(**json.loads(raw or b"{}"))
    except (ValueError, TypeError) as error:
        raise HTTPException(status_code=400, detail='Expected {"conversation_id": ...}') from error
    await rasa.wipe(web_sender_id(body.conversation_id))
    return Response(status_code=204)
