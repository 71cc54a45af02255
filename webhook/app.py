"""The gateway application: components, routers, security headers, body limits, errors.

`create_app()` is the factory: it builds every component once (settings, store, the
bot, turns, limits, the SMS line) and a lifespan handler closes them. Nothing runs at
import: serve it with `uvicorn --factory webhook.app:create_app`.
"""

from __future__ import annotations

import contextlib
import logging
import time
from typing import AsyncIterator, Callable, Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from webhook.bot import Bot
from webhook.capacity import ClientLimits, ClientLimitSettings, InFlightCap
from webhook.config import Settings, get_settings
from webhook.conversation import Conversations
from webhook.directory.router import router as directory_router
from webhook.rasa_client import RasaClient
from webhook.safety import gateway_text
from webhook.sms.config import sms_config
from webhook.sms.router import router as sms_router
from webhook.sms.service import SmsLine
from webhook.stats.router import router as stats_router
from webhook.store import Store, create_store
from webhook.turns import Turns
from webhook.web.router import STATIC
from webhook.web.router import router as web_router

logger = logging.getLogger("webhook")
# Browsers keep to HTTPS for a year once they have seen this (only sent when PUBLIC_URL
# is https: over plain HTTP it would be ignored anyway).
HSTS = "max-age=31536000"


def security_headers(settings: Settings) -> dict:
    """Headers for every response, errors included: strict CSP, no referrer, no caching."""
    csp = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
        f"frame-ancestors {settings.frame_ancestors}"
    )
    headers = {
        "Content-Security-Policy": csp,
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        # Nothing of this service should linger in a shared device's cache: every
        # response (pages, API, static files, /directory, errors) is no-store.
        "Cache-Control": "no-store",
    }
    if settings.hsts:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def check_production(settings: Settings) -> None:
    """Refuses to start in production without Redis and long secrets (names only, no values)."""
    if not settings.production:
        return
    missing = settings.missing_production_secrets()
    if missing:
        raise RuntimeError(
            "SAFE_STEPS_PRODUCTION is set but these are missing: " + ", ".join(missing)
        )
    short = settings.short_production_secrets()
    if short:
        raise RuntimeError(
            "SAFE_STEPS_PRODUCTION is set but these secrets are too short: " + ", ".join(short)
        )


def create_app(
    settings: Optional[Settings] = None,
    rasa: Optional[Bot] = None,
    store: Optional[Store] = None,
    clock: Callable[[], float] = time.monotonic,
) -> FastAPI:
    """Builds the gateway and its components.

    Tests pass their own settings, bot and store, and a clock for the per-minute client
    limits, so a test never straddles a real minute boundary.
    """
    settings = settings or get_settings()
    check_production(settings)
    store = store if store is not None else create_store(settings)
    rasa = rasa or RasaClient(settings.rasa_url_list, auth_token=settings.rasa_auth_token)
    bot = Conversations(
        rasa,
        store,
        max_turns=settings.max_turns,
        idle_ttl_s=settings.session_idle_seconds,
        restart_notice=gateway_text("utter_conversation_restarted"),
    )
    turns = Turns(
        bot,
        settings.rasa_timeout_s,
        InFlightCap(settings.max_turns_in_flight, settings.max_new_conversations_in_flight),
    )
    config = sms_config(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await bot.close()
        await store.close()

    app = FastAPI(title="Safe Steps gateway", docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.settings = settings
    # Short-lived state (reply caches, options, counters): Redis when REDIS_URL is set.
    app.state.store = store
    app.state.bot = bot
    app.state.turns = turns
    app.state.client_limits = ClientLimits(
        ClientLimitSettings(
            new_conversations_per_minute=settings.web_new_conversations_per_minute,
            messages_per_minute=settings.web_messages_per_minute,
            exits_per_minute=settings.web_exits_per_minute,
            turns_in_flight=settings.web_turns_in_flight_per_client,
        ),
        clock=clock,
    )
    app.state.sms_line = SmsLine(config, turns, store) if config else None
    headers = security_headers(settings)

    @app.middleware("http")
    async def limits_and_headers(request: Request, call_next):
        length = request.headers.get("content-length")
        if request.method in ("POST", "PUT", "PATCH") and length is None:
            # A chunked body would get past the size check: browsers, sendBeacon and
            # Twilio all send Content-Length.
            response = JSONResponse({"detail": "Content-Length required."}, status_code=411)
        elif length is not None and (not length.isdigit() or int(length) > settings.max_body_bytes):
            response = JSONResponse({"detail": "Request body too large."}, status_code=413)
        else:
            try:
                response = await call_next(request)
            except Exception as error:  # noqa: BLE001 - a 500 gets the headers too
                logger.error("request failed: %s", type(error).__name__)
                response = PlainTextResponse("Internal Server Error", status_code=500)
        for name, value in headers.items():
            # a route may set its own (e.g. /directory's CSP allows its inline style)
            response.headers.setdefault(name, value)
        response.headers["Cache-Control"] = "no-store"
        return response

    # Outermost: the client address from X-Forwarded-For, only from FORWARDED_ALLOW_IPS
    # (uvicorn does the same in front of the app; done again here it changes nothing).
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.forwarded_allow_ips)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        # Never echo the body back: it may hold what someone typed.
        fields = sorted({".".join(str(p) for p in e["loc"][1:]) or "body" for e in error.errors()})
        return JSONResponse({"detail": "Invalid request.", "fields": fields}, status_code=422)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> PlainTextResponse:
        return PlainTextResponse("ok")

    app.include_router(web_router)
    app.include_router(sms_router)
    app.include_router(stats_router)
    app.include_router(directory_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
