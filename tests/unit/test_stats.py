"""reporting.stats: small-number suppression, the report, and the CSV/JSON/HTML outputs."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import fakeredis
import pytest

from reporting import stats
from reporting.stats import build_report, read_counts, suppress

START, END = date(2026, 1, 1), date(2026, 1, 31)


@pytest.mark.parametrize(
    "count, published",
    [(0, 0), (1, "*"), (2, "*"), (7, "*"), (8, 10), (10, 10), (12, 10), (13, 15),
     (17, 15), (18, 20), (1002, 1000), (1003, 1005)],
)
def test_suppression_as_nhs_digital_publishes(count, published):
    assert suppress(count) == published


def weeks(**fields_by_week):
    return {week.replace("_", "-"): fields for week, fields in fields_by_week.items()}


COUNTS = weeks(
    **{
        "2026_W01": {"conversation_started": 12, "danger_response": 3, "channel:web": 10,
                     "channel:sms": 2, "abuse_type:physical": 6, "area:somerset": 13,
                     "service_signposted:national-domestic-abuse-helpline": 9},
        "2026_W02": {"conversation_started": 1, "danger_response": 5, "channel:web": 1,
                     "abuse_type:physical": 2, "abuse_type:stalking": 7, "language:pl": 1},
        "2026_W03": {},
        "2026_W04": {},
        "2026_W05": {},
    }
)


@pytest.fixture
def report():
    return build_report(COUNTS, START, END)


def rows_by_id(rows):
    return {row["id"]: row["count"] for row in rows}


def test_totals_come_from_raw_counts_not_from_suppressed_cells(report):
    assert report["conversations"] == 15  # 12 + 1 = 13 -> 15
    assert [w["danger_response"] for w in report["by_week"]] == ["*", "*", 0, 0, 0]
    assert rows_by_id(report["pathway"]["safety"])["danger_response"] == 10  # 3 + 5 = 8
    assert rows_by_id(report["pathway"]["abuse_type"])["physical"] == 10  # 6 + 2 = 8


def test_every_section_is_suppressed(report):
    assert rows_by_id(report["channel"]) == {"sms": "*", "web": 10}
    assert rows_by_id(report["language"]) == {"pl": "*"}
    assert rows_by_id(report["area"])["somerset"] == 15
    assert rows_by_id(report["area"])["central-bedfordshire"] == 0
    assert rows_by_id(report["pathway"]["abuse_type"])["stalking"] == "*"
    assert rows_by_id(report["pathway"]["service_signposted"]) == {
        "national-domestic-abuse-helpline": 10
    }
    assert report["by_week"][0] == {
        "week": "2026-W01", "week_start": "2025-12-29", "conversation_started": 10,
        "danger_response": "*", "self_harm_response": 0, "safe_exit_guidance": 0,
    }


def test_no_raw_small_count_is_published(report):
    published = json.dumps(report)
    for raw in ['": 1,', '": 2,', '": 3,', '": 6,', '": 7,', '": 12,', '": 13,']:
        assert raw not in published


def test_rows_keep_a_fixed_order_whatever_the_counts(report):
    abuse_ids = [row["id"] for row in report["pathway"]["abuse_type"]]
    assert abuse_ids[:3] == ["physical", "emotional", "sexual"]  # reporting/metrics.yml order
    labels = [row["label"] for row in report["area"]]
    assert labels == sorted(labels, key=str.lower)


def test_rows_use_readable_names(report):
    services = report["pathway"]["service_signposted"]
    assert services[0]["label"].startswith("National Domestic Abuse Helpline")
    assert {row["label"] for row in report["channel"]} == {"Web chat", "SMS"}


def test_counts_are_read_from_the_weekly_hashes():
    client = fakeredis.FakeStrictRedis()
    client.hset("metrics:2026-W01", mapping={"conversation_started": 9})
    client.hset("metrics:2026-W06", mapping={"conversation_started": 50})  # outside
    client.hset("tracker:web_x", mapping={"x": 1})
    counts = read_counts(client, START, END)
    assert list(counts) == ["2026-W01", "2026-W02", "2026-W03", "2026-W04", "2026-W05"]
    assert counts["2026-W01"] == {"conversation_started": 9}


def test_csv_has_one_row_per_published_count(report):
    rows = list(csv.DictReader(io.StringIO(stats.to_csv(report))))
    assert rows[0] == {"section": "total", "id": "conversation_started",
                       "label": "Conversations started", "period": "2026-01-01 to 2026-01-31",
                       "count": "15"}
    weekly = [r for r in rows if r["section"] == "week" and r["id"] == "danger_response"]
    assert [r["count"] for r in weekly] == ["*", "*", "0", "0", "0"]
    assert {r["section"] for r in rows} >= {"safety", "abuse_type", "need", "channel", "area"}


def test_html_is_self_contained_with_charts(report):
    page = stats.render(report, "html")
    assert page.startswith("<!doctype html>")
    assert page.count("<svg") >= 8
    assert "<script" not in page and "<link" not in page and "@import" not in page
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert urls <= {"http://www.w3.org/2000/svg"}  # an XML namespace, never fetched
    assert "1 January 2026 to 31 January 2026" in page
    assert "Physical abuse" in page and "National Domestic Abuse Helpline" in page
    assert 'download="safe-steps-abuse.svg"' in page


def test_html_escapes_labels():
    counts = {"2026-W01": {"service_signposted:<script>": 20}}
    page = stats.render(build_report(counts, START, START), "html")
    assert "<script>" not in page


def test_cli_writes_a_report(tmp_path, monkeypatch, capsys):
    client = fakeredis.FakeStrictRedis()
    client.hset("metrics:2026-W02", mapping={"conversation_started": 23, "danger_response": 4})
    monkeypatch.setattr("redis.Redis.from_url", lambda *a, **k: client)
    out = tmp_path / "report.json"
    code = stats.main(["--from", "2026-01-01", "--to", "2026-01-31", "--format", "json",
                       "--redis-url", "redis://example:6379/0", "--out", str(out)])
    assert code == 0
    published = json.loads(out.read_text())
    assert published["conversations"] == 25
    assert published["by_week"][1]["danger_response"] == "*"
    assert stats.main(["--from", "2026-01-01", "--to", "2026-01-31", "--format", "csv",
                       "--redis-url", "redis://example:6379/0"]) == 0
    assert capsys.readouterr().out.startswith("section,id,label,period,count")


def test_cli_refuses_without_redis(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(SystemExit):
        stats.main(["--from", "2026-01-01", "--to", "2026-01-31"])


def test_cli_refuses_a_backwards_period():
    with pytest.raises(SystemExit):
        stats.main(["--from", "2026-02-01", "--to", "2026-01-01", "--redis-url", "redis://x"])
