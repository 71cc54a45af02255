"""Routes of the stats endpoint: suppressed pathway aggregates behind a bearer token.

GET /stats?from=YYYY-MM-DD&to=YYYY-MM-DD&format=json|csv|html: the report of
`python -m reporting.stats` (csv and html as downloads). GET /metrics: the same suppressed
totals as Prometheus text. Both need `Authorization: Bearer $STATS_TOKEN`: 403 without
it, 503 when STATS_TOKEN or REDIS_URL is not set (metrics are only kept in Redis).
"""

from __future__ import annotations

import hmac
from datetime import date, timedelta
from typing import Any, Optional, Tuple

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from reporting import metric_keys
from reporting.stats import render, report_from_redis
from webhook.config import Settings
from webhook.deps import get_settings_dep
from webhook.stats.prometheus import to_prometheus

router = APIRouter()
DEFAULT_WEEKS = 12
MAX_DAYS = 3 * 366
MEDIA_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8",
               "html": "text/html; charset=utf-8"}


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


def period(start: Optional[str], end: Optional[str]) -> Tuple[date, date]:
    """The reporting period: the last 12 weeks up to today unless given."""
    try:
        last = date.fromisoformat(end) if end else metric_keys.today()
        first = date.fromisoformat(start) if start else last - timedelta(weeks=DEFAULT_WEEKS)
    except ValueError as error:
        raise HTTPException(status_code=422, detail="Dates must be YYYY-MM-DD.") from error
    if first > last:
        raise HTTPException(status_code=422, detail="'from' is after 'to'.")
    if (last - first).days > MAX_DAYS:
        raise HTTPException(status_code=422, detail="Ask for three years or less.")
    return first, last


async def _report(client: Any, first: date, last: date) -> dict:
    try:
        return await run_in_threadpool(report_from_redis, client, first, last)
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
    first, last = period(start, end)
    body = render(await _report(client, first, last), fmt)
    headers = {}
    if fmt != "json":
        headers["Content-Disposition"] = (
            f'attachment; filename="safe-steps-stats-{first}-to-{last}.{fmt}"'
        )
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)


@router.get("/metrics", dependencies=[Depends(require_stats_token)])
async def metrics(
    start: Optional[str] = Query(None, alias="from"),
    end: Optional[str] = Query(None, alias="to"),
    client: Any = Depends(get_metrics_redis),
) -> Response:
    """The same suppressed totals in the Prometheus text format."""
    first, last = period(start, end)
    body = to_prometheus(await _report(client, first, last))
    # no-store comes from the app's middleware, as for every /stats and /metrics answer
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")
