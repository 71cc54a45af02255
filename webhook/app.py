"""The gateway application: routers, security headers, body limits, error shapes."""

from __future__ import annotations

import logging
from typing import Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles

from webhook.config import Settings, get_settings
from webhook.conversation import Conversations
from webhook.directory.router import router as directory_router
from webhook.rasa_client import RasaClient
from webhook.safety import gateway_text
from webhook.sms.router import router as sms_router
from webhook.stats.router import router as stats_router
from webhook.store import Store, create_store
from webhook.web.router import STATIC
from webhook.web.router import router as web_router

logger = logging.getLogger("webhook")


def security_headers(settings: Settings) -> dict:
    """Headers for every response: strict CSP, no referrer, no caching of API answers."""
    csp = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
        f"frame-ancestors {settings.frame_ancestors}"
    )
    return {
        "Content-Security-Policy": csp,
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def create_app(
    settings: Optional[Settings] = None,
    rasa: Optional[RasaClient] = None,
    store: Optional[Store] = None,
) -> FastAPI:
    """Builds the gateway; tests pass their own settings, clients and store."""
    settings = settings or get_settings()
    if settings.production:
        missing = settings.missing_production_secrets()
        if missing:
            raise RuntimeError(
                "SAFE_STEPS_PRODUCTION is set but these are missing: " + ", ".join(missing)
            )
    app = FastAPI(title="Safe Steps gateway", docs_url=None, redoc_url=None)
    app.state.settings = settings
    rasa = rasa or RasaClient(
        settings.rasa_url_list, settings.rasa_timeout_s, settings.rasa_auth_token
    )
    # Short-lived SMS state (reply cache, options, rate limits): Redis when REDIS_URL is set.
    app.state.store = store if store is not None else create_store(settings)
    app.state.rasa = Conversations(
        rasa,
        app.state.store,
        max_turns=settings.max_turns,
        idle_ttl_s=settings.session_idle_seconds,
        restart_notice=gateway_text("utter_conversation_restarted"),
    )
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
            response = await call_next(request)
        for name, value in headers.items():
            # a route may set its own (e.g. /directory's CSP allows its inline style)
            response.headers.setdefault(name, value)
        # Nothing of this service should linger in a shared device's cache.
        if request.url.path.startswith(("/api/", "/sms", "/stats", "/metrics", "/static/")):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        # Never echo the body back: it may hold what someone typed.
        fields = sorted({".".join(str(p) for p in e["loc"][1:]) or "body" for e in error.errors()})
        return JSONResponse({"detail": "Invalid request.", "fields": fields}, status_code=422)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> PlainTextResponse:
        return PlainTextResponse("ok")

    @app.on_event("shutdown")
    async def close_clients() -> None:
        await app.state.rasa.close()
        await app.state.store.close()

    app.include_router(web_router)
    app.include_router(sms_router)
    app.include_router(stats_router)
    app.include_router(directory_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


app = create_app()
