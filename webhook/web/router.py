"""Routes of the web chat: the pages, their settings script, /api/chat and /api/exit."""

from __future__ import annotations

import ipaddress
import json
import logging
from pathlib import Path
from typing import Any, Dict, List, Optional

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import FileResponse, JSONResponse

import services_directory
from webhook.capacity import Action, Priority
from webhook.config import Settings
from webhook.conversation import under_way
from webhook.deps import ClientLimitsDep, SettingsDep, StoreDep, TurnsDep
from webhook.languages import language_choices
from webhook.safety import safety_reply
from webhook.turns import Answer
from webhook.web.reply_language import reply_language
from webhook.web.schemas import BotMessage, ChatRequest, ChatResponse, ExitRequest

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
# Pages and their settings are not kept in the browser's disk cache (a shared device
# should hold as little trace of a visit as possible), and a page left with no-store
# is not put in the back/forward cache either.
NO_STORE = {"Cache-Control": "no-store"}
# How long a refused client is asked to wait (the limits count per minute).
RETRY_AFTER_S = 60
router = APIRouter()


def web_sender_id(conversation_id: str) -> str:
    """The Rasa sender id of a web conversation (a random id, nothing personal)."""
    return f"web_{conversation_id}"


def to_bot_messages(
    replies: List[Dict[str, Any]], chosen: Optional[str] = None
) -> List[BotMessage]:
    """The text, buttons and language of usable replies (webhook.turns); nothing else."""
    return [
        BotMessage(
            text=reply["text"],
            lang=reply_language(reply["text"], chosen),
            buttons=[
                {"title": button["title"], "payload": button["payload"]}
                for button in reply["buttons"]
            ],
        )
        for reply in replies
    ]


def client_of(request: Request) -> str:
    """Who the per-client limits count: the client's address, an IPv6 one by its /64.

    X-Forwarded-For is already applied for trusted proxies (FORWARDED_ALLOW_IPS). One
    IPv6 subscriber usually holds a whole /64, so counting single addresses there would
    let one client be millions.
    """
    host = request.client.host if request.client else "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def refused(action: Action) -> JSONResponse:
    """429 with the safety reply, so the page can still show 999 and the helpline."""
    logger.warning("web client over its limit: %s", action.value)
    body = ChatResponse(messages=[BotMessage(text=safety_reply(), lang="en")], fallback=True).dict()
    return JSONResponse(
        {"detail": "Too many requests.", **body},
        status_code=429,
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


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
async def config_script(settings: SettingsDep) -> Response:
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
    request: Request,
    settings: SettingsDep,
    turns: TurnsDep,
    store: StoreDep,
    limits: ClientLimitsDep,
) -> Response | ChatResponse:
    """Forwards one message to the bot; 429 over a client limit, the safety reply on failure.

    Conversations already under way go before new ones: a new conversation counts
    against its client's new-conversation limit and may use only part of the turns in
    flight (webhook/capacity.py).
    """
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
    client = client_of(request)
    if not limits.allow(client, Action.MESSAGE):
        return refused(Action.MESSAGE)
    sender_id = web_sender_id(body.conversation_id)
    new = not await under_way(store, sender_id)
    if new and not limits.allow(client, Action.NEW_CONVERSATION):
        return refused(Action.NEW_CONVERSATION)
    metadata = {"channel": "web"}
    if body.language:
        metadata["language"] = body.language
    with limits.turn(client) as admitted:
        if not admitted:
            return refused(Action.MESSAGE)
        priority = Priority.NEW_WEB if new else Priority.UNDER_WAY
        answer: Answer = await turns.answer(sender_id, text, metadata, priority, first=new)
    return ChatResponse(
        messages=to_bot_messages(answer.messages, body.language), fallback=answer.fallback
    )


@router.post("/api/exit", status_code=204)
async def quick_exit(request: Request, turns: TurnsDep, limits: ClientLimitsDep) -> Response:
    """Wipes the server-side conversation. Sent by navigator.sendBeacon (text/plain)."""
    raw = await request.body()
    try:
        body = ExitRequest(**json.loads(raw or b"{}"))
    except (ValueError, TypeError) as error:
        raise HTTPException(status_code=400, detail='Expected {"conversation_id": ...}') from error
    if not limits.allow(client_of(request), Action.EXIT):
        return refused(Action.EXIT)
    await turns.wipe(web_sender_id(body.conversation_id))
    return Response(status_code=204)
