"""GET /stats and /metrics on the gateway: bearer token, suppressed aggregates, fakeredis."""

from __future__ import annotations

from typing import Any

import fakeredis
import pytest
import redis
from fastapi.testclient import TestClient

from webhook.app import create_app
from webhook.config import Settings
from webhook.rasa_client import RasaClient
from webhook.store import MemoryStore

TOKEN = "test-stats-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PERIOD = {"from": "2026-01-01", "to": "2026-01-31"}


def make_client(metrics_redis: Any = None, **overrides: Any) -> TestClient:
    values = {"stats_token": TOKEN, "redis_url": "redis://unused:6379/0",
              "rasa_urls": "http://rasa.test", "production": False}
    values.update(overrides)
    settings = Settings(**values)
    app = create_app(settings, RasaClient(settings.rasa_url_list, 1.0), MemoryStore())
    if metrics_redis is not None:
        app.state.metrics_redis = metrics_redis
    return TestClient(app)


@pytest.fixture
def counts():
    client = fakeredis.FakeStrictRedis()
    client.hset("metrics:2026-W01", mapping={
        "conversation_started": 23, "danger_response": 3, "channel:web": 20, "channel:sms": 3,
        "abuse_type:coercive_control": 9, "area:somerset": 12,
    })
    client.hset("metrics:2026-W03", mapping={"conversation_started": 2})
    return client


def test_json_report_is_suppressed(counts):
    response = make_client(counts).get("/stats", params=PERIOD, headers=AUTH)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    report = response.json()
    assert report["conversations"] == 25  # 23 + 2
    assert [w["conversation_started"] for w in report["by_week"]] == [25, 0, "*", 0, 0]
    channels = {row["id"]: row["count"] for row in report["channel"]}
    assert channels == {"web": 20, "sms": "*"}
    areas = {row["id"]: row["count"] for row in report["area"]}
    assert areas["somerset"] == 10


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": TOKEN},
                                     {"Authorization": f"Basic {TOKEN}"}])
def test_without_the_token_it_is_forbidden(counts, headers):
    client = make_client(counts)
    for path in ["/stats", "/metrics"]:
        response = client.get(path, params=PERIOD, headers=headers)
        assert response.status_code == 403
        assert "conversation" not in response.text


def test_without_a_configured_token_it_is_unavailable(counts):
    response = make_client(counts, stats_token=None).get("/stats", headers=AUTH)
    assert response.status_code == 503


def test_without_redis_it_is_unavailable():
    response = make_client(None, redis_url=None).get("/stats", headers=AUTH)
    assert response.status_code == 503


class DownRedis:
    def hgetall(self, key):
        raise redis.exceptions.ConnectionError("Error 111 connecting to 10.0.0.7:6379.")


def test_redis_down_is_a_plain_503():
    response = make_client(DownRedis()).get("/stats", params=PERIOD, headers=AUTH)
    assert response.status_code == 503
    assert "10.0.0.7" not in response.text


@pytest.mark.parametrize("params", [{"from": "yesterday"},
                                    {"from": "2026-02-01", "to": "2026-01-01"},
                                    {"from": "2020-01-01", "to": "2026-01-01"},
                                    {"format": "xml"}])
def test_bad_periods_and_formats_are_refused(counts, params):
    response = make_client(counts).get("/stats", params=params, headers=AUTH)
    assert response.status_code == 422


def test_default_period_is_the_last_twelve_weeks(counts):
    report = make_client(counts).get("/stats", headers=AUTH).json()
    assert len(report["by_week"]) in (13, 14)


@pytest.mark.parametrize("fmt, media_type", [("csv", "text/csv"), ("html", "text/html")])
def test_csv_and_html_are_downloads(counts, fmt, media_type):
    response = make_client(counts).get("/stats", params={**PERIOD, "format": fmt}, headers=AUTH)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["content-disposition"] == (
        f'attachment; filename="safe-steps-stats-2026-01-01-to-2026-01-31.{fmt}"'
    )
    assert "*" in response.text


def test_prometheus_metrics_leave_suppressed_counts_out(counts):
    response = make_client(counts).get("/metrics", params=PERIOD, headers=AUTH)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["cache-control"] == "no-store"
    text = response.text
    assert 'safe_steps_conversations{from="2026-01-01",to="2026-01-31"} 25' in text
    assert 'safe_steps_weekly_conversations{week="2026-W01"} 25' in text
    assert 'week="2026-W03"' not in text  # 2 conversations: suppressed, so absent
    assert 'section="channel",id="web"} 20' in text
    assert 'id="sms"' not in text
    assert 'section="abuse_type",id="coercive_control"} 10' in text
    assert "# TYPE safe_steps_pathway_conversations gauge" in text
