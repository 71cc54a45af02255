"""GET /stats and /metrics on the gateway: bearer token, whole ended months, fakeredis."""

from __future__ import annotations

from datetime import date
from typing import Any

import fakeredis
import pytest
import redis
from fastapi.testclient import TestClient

from reporting import metric_keys
from reporting.periods import Month
from webhook.app import create_app
from webhook.config import Settings
from webhook.rasa_client import RasaClient
from webhook.store import MemoryStore

TOKEN = "test-stats-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PERIOD = {"from": "2026-01-01", "to": "2026-01-31"}  # January: ISO weeks 1 to 5 of 2026


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
    assert [month["month"] for month in report["months"]] == ["2026-01"]
    january = report["months"][0]
    assert january["conversations"] == 25  # 23 + 2
    channels = {row["id"]: row["count"] for row in january["sections"]["channel"]}
    assert channels == {"web": 20, "sms": "*"}
    areas = {row["id"]: row["count"] for row in january["sections"]["area"]}
    assert areas == {"somerset": 10, "bath-ne-somerset": "*", "central-bedfordshire": "*"}


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


@pytest.mark.parametrize("params, reason", [
    ({"from": "yesterday"}, "not a month or a date"),
    ({"from": "2026-13"}, "not a month or a date"),
    ({"from": "2026-02-01", "to": "2026-01-01"}, "after"),
    ({"from": "2020-01-01", "to": "2026-01-01"}, "36 months or fewer"),
    ({"to": "2999-01"}, "has not ended yet"),
])
def test_a_period_that_cannot_be_published_is_a_400_that_says_why(counts, params, reason):
    client = make_client(counts)
    for path in ["/stats", "/metrics"]:
        response = client.get(path, params=params, headers=AUTH)
        assert response.status_code == 400
        assert reason in response.json()["detail"]


def test_an_unknown_format_is_refused(counts):
    response = make_client(counts).get("/stats", params={"format": "xml"}, headers=AUTH)
    assert response.status_code == 422


@pytest.fixture
def december_4th(monkeypatch):
    """Friday 4 December 2026: December (weeks 49-53) is under way, November has ended."""
    monkeypatch.setattr(metric_keys, "today", lambda: date(2026, 12, 4))


@pytest.fixture
def this_month_counted(counts):
    counts.hset("metrics:2026-W49", mapping={"conversation_started": 400, "channel:web": 400})
    counts.hset("metrics:2026-W48", mapping={"conversation_started": 90})  # November
    return counts


def test_the_month_under_way_is_never_published(december_4th, this_month_counted):
    client = make_client(this_month_counted)
    report = client.get("/stats", headers=AUTH).json()
    assert [month["month"] for month in report["months"]] == ["2026-09", "2026-10", "2026-11"]
    assert report["months"][-1]["conversations"] == 90
    for params in [{"from": "2026-12"}, {"to": "2026-12-04"}, {"from": "2026-11", "to": "2026-12"}]:
        refused = client.get("/stats", params=params, headers=AUTH)
        assert refused.status_code == 400
        assert "2026-12 has not ended yet" in refused.json()["detail"]
        assert "The latest is 2026-11" in refused.json()["detail"]


def test_metrics_never_show_the_month_under_way(december_4th, this_month_counted):
    text = make_client(this_month_counted).get("/metrics", headers=AUTH).text
    assert 'safe_steps_conversations{month="2026-11"} 90' in text
    assert "2026-12" not in text and " 400" not in text
    assert make_client(this_month_counted).get(
        "/metrics", params={"to": "2026-12"}, headers=AUTH).status_code == 400


def test_default_period_is_the_last_three_months_that_have_ended(counts):
    report = make_client(counts).get("/stats", headers=AUTH).json()
    latest = Month.of_day(metric_keys.today()).previous()  # the month before today's
    assert [month["month"] for month in report["months"]] == [
        latest.previous().previous().label, latest.previous().label, latest.label]


@pytest.mark.parametrize("fmt, media_type", [("csv", "text/csv"), ("html", "text/html")])
def test_csv_and_html_are_downloads(counts, fmt, media_type):
    response = make_client(counts).get("/stats", params={**PERIOD, "format": fmt}, headers=AUTH)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["content-disposition"] == (
        f'attachment; filename="safe-steps-stats-2026-01-to-2026-01.{fmt}"'
    )
    assert "*" in response.text


def test_prometheus_metrics_leave_suppressed_counts_out(counts):
    response = make_client(counts).get("/metrics", params=PERIOD, headers=AUTH)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["cache-control"] == "no-store"
    text = response.text
    assert 'safe_steps_conversations{month="2026-01"} 25' in text
    assert 'section="channel",id="web"} 20' in text
    assert 'id="sms"' not in text  # 3: suppressed, so absent
    assert 'id="bath-ne-somerset"' not in text  # 0: suppressed too
    assert 'section="abuse_type",id="coercive_control"} 10' in text
    assert "# TYPE safe_steps_pathway_conversations gauge" in text
