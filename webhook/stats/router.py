"""Routes of the stats endpoint: suppressed pathway aggregates behind a bearer token.

GET /stats?from=YYYY-MM&to=YYYY-MM&format=json|csv|html: the report of
`python -m reporting` (csv and html as downloads). GET /metrics: the same figures as
Prometheus text. Both publish only whole months that have ended (reporting.periods):
`from`/`to` may be a month or a day in it; the default is the last three; a month that
has not ended, or a malformed or backwards period, is a 400 that says why. Both need
`Authorization: Bearer $STATS_TOKEN`: 403 without it, 503 when STATS_TOKEN or REDIS_URL
is not set (metrics are only kept in Redis). This module only serves: the figures and
their formats all come from reporting/.
"""

from __future__ import annotations

import hmac
from typing import Any, List, Optional

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from reporting.formats import MEDIA_TYPES, render
from reporting.periods import Month, PeriodError, requested_months
from reporting.report import Report, report_from_redis
from webhook.config import Settings
from webhook.deps import get_settings_dep

router = APIRouter()


def require_stats_token(
    authorization: Optional[str] = Header(None),
    settings: Settings = Depends(get_settings_dep),
) -> None:
    """403 unless the request carries the stats bearer token; 503 if none is configured."""
    if not settings.stats_token:
        raise HTTPException(status_code=503, detail="Stats are not configured.")
    scheme, _, token = (authorization or "").partition(" ")
    expected = settings.stats_token.encode("utf-8")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), expected):
        raise HTTPException(status_code=403, detail="Forbidden.")


def get_metrics_redis(request: Request, settings: Settings = Depends(get_settings_dep)) -> Any:
    """A synchronous Redis client for the counts (tests put fakeredis on app.state)."""
    client = getattr(request.app.state, "metrics_redis", None)
    if client is None:
        if not settings.redis_url:
            raise HTTPException(status_code=503, detail="Stats need REDIS_URL.")
        import redis

        client = redis.Redis.from_url(
            settings.redis_url, socket_timeout=2, socket_connect_timeout=2
        )
        request.app.state.metrics_redis = client
    return client


def period(start: Optional[str], end: Optional[str]) -> List[Month]:
    """The whole, ended months asked for; 400 with the reason when there are none."""
    try:
        return requested_months(start, end)
    except PeriodError as error:
        raise HTTPException(status_code=400, detail=str(error)) from error


async def _report(client: Any, months: List[Month]) -> Report:
    try:
        return await run_in_threadpool(report_from_redis, client, months)
    except Exception as error:  # noqa: BLE001 - Redis away: say so, nothing more
        raise HTTPException(status_code=503, detail="Stats are unavailable.") from error


@router.get("/stats", dependencies=[Depends(require_stats_token)])
async def stats(
    start: Optional[str] = Query(None, alias="from"),
    end: Optional[str] = Query(None, alias="to"),
    fmt: str = Query("json", alias="format", pattern="^(json|csv|html)$"),
    client: Any = Depends(get_metrics_redis),
) -> Response:
    """The suppressed report; csv and html come as files to save."""
    months = period(start, end)
    body = render(await _report(client, months), fmt)
    headers = {}
    if fmt != "json":
        headers["Content-Disposition"] = (
            f'attachment; filename="safe-steps-stats-{months[0].label}-to-{months[-1].label}'
            f'.{fmt}"'
        )
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)


@router.get("/metrics", dependencies=[Depends(require_stats_token)])
async def metrics(
    start: Optional[str] = Query(None, alias="from"),
    end: Optional[str] = Query(None, alias="to"),
    client: Any = Depends(get_metrics_redis),
) -> Response:
    """The same suppressed figures, per month, in the Prometheus text format."""
    body = render(await _report(client, period(start, end)), "prometheus")
    # no-store comes from the app's middleware, as for every /stats and /metrics answer
    return Response(body, media_type=MEDIA_TYPES["prometheus"])
