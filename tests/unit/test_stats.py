"""reporting: suppression, the per-month report, its CSV/JSON/HTML/Prometheus formats, the CLI."""

from __future__ import annotations

import csv
import io
import json
import re

import fakeredis
import pytest

import services_directory
from reporting import cli
from reporting.formats import render
from reporting.metric_keys import load_vocabulary
from reporting.periods import Month
from reporting.report import Names, build_report, read_counts, suppress

JANUARY, FEBRUARY = Month(2026, 1), Month(2026, 2)  # ISO weeks 1-5 and 6-9 of 2026


@pytest.mark.parametrize(
    "count, published",
    [(0, "*"), (1, "*"), (2, "*"), (7, "*"), (8, 10), (10, 10), (12, 10), (13, 15),
     (17, 15), (18, 20), (1002, 1000), (1003, 1005)],
)
def test_zero_and_small_counts_share_one_symbol_others_round_to_five(count, published):
    assert suppress(count) == published


COUNTS = {
    "2026-W01": {"conversation_started": 12, "danger_response": 3, "channel:web": 10,
                 "channel:sms": 2, "abuse_type:physical": 6, "area:somerset": 13,
                 "service_signposted:national-domestic-abuse-helpline": 9},
    "2026-W02": {"conversation_started": 1, "danger_response": 5, "channel:web": 1,
                 "abuse_type:physical": 2, "abuse_type:stalking": 7, "language:pl": 1},
    "2026-W06": {"conversation_started": 40, "abuse_type:stalking": 30},  # February
}


@pytest.fixture
def report():
    return build_report(COUNTS, [JANUARY, FEBRUARY])


def counts_of(report, month_index, section):
    return report.months[month_index].section(section).counts()


def test_each_month_sums_its_own_weeks_only(report):
    january, february = report.months
    assert january.conversations == 15  # 12 + 1 = 13 -> 15; W06's 40 belongs to February
    assert february.conversations == 40
    assert counts_of(report, 0, "safety")["danger_response"] == 10  # 3 + 5 = 8
    assert counts_of(report, 0, "abuse_type")["physical"] == 10  # 6 + 2 = 8
    assert counts_of(report, 0, "abuse_type")["stalking"] == "*"
    assert counts_of(report, 1, "abuse_type")["stalking"] == 30


def test_every_section_lists_the_same_rows_whatever_was_counted(report):
    directory = services_directory.load_directory()
    vocabulary = load_vocabulary()
    for figures in report.months:
        assert set(figures.section("area").counts()) == set(directory.areas.areas)
        assert set(figures.section("service_signposted").counts()) == {
            service.id for service in directory.services}
        assert set(figures.section("language").counts()) == {*vocabulary.languages, "other"}
        assert set(figures.section("channel").counts()) == {"web", "sms"}
    assert counts_of(report, 0, "channel") == {"sms": "*", "web": 10}
    assert counts_of(report, 0, "area")["somerset"] == 15
    assert counts_of(report, 0, "area")["central-bedfordshire"] == "*"  # nobody: still "*"
    assert counts_of(report, 0, "language")["pl"] == "*"
    assert counts_of(report, 0, "service_signposted")["national-domestic-abuse-helpline"] == 10


@pytest.mark.parametrize("fmt", ["json", "csv", "html", "prometheus"])
def test_nobody_and_a_few_look_the_same_in_every_format(fmt):
    nobody = {"2026-W03": {"conversation_started": 30}}
    a_few = {"2026-W03": {"conversation_started": 30, "area:central-bedfordshire": 3,
                          "language:so": 1, "need:young_people": 7}}
    assert render(build_report(nobody, [JANUARY]), fmt) == render(build_report(a_few, [JANUARY]),
                                                                  fmt)


def test_a_language_the_vocabulary_does_not_list_is_counted_as_other():
    counts = {"2026-W01": {"language:xx": 5, "language:other": 4}}
    report = build_report(counts, [JANUARY])
    languages = counts_of(report, 0, "language")
    assert languages["other"] == 10 and "xx" not in languages


def test_no_raw_small_count_is_published(report):
    published = render(report, "json")
    for raw in ['": 0', '": 1,', '": 2,', '": 3,', '": 6,', '": 7,', '": 12,', '": 13,']:
        assert raw not in published


def test_rows_keep_a_fixed_order_whatever_the_counts(report):
    abuse_ids = [row.id for row in report.months[0].section("abuse_type").rows]
    assert abuse_ids[:3] == ["physical", "emotional", "sexual"]  # reporting/metrics.yml order
    for section in ("area", "service_signposted", "language"):
        labels = [row.label for row in report.months[0].section(section).rows]
        assert labels == sorted(labels, key=str.lower)


def test_rows_use_readable_names(report):
    services = report.months[0].section("service_signposted").rows
    assert any(row.label.startswith("National Domestic Abuse Helpline") for row in services)
    assert {row.label for row in report.months[0].section("channel").rows} == {"Web chat", "SMS"}


def test_counts_are_read_from_the_weekly_hashes_of_the_months():
    client = fakeredis.FakeStrictRedis()
    client.hset("metrics:2026-W01", mapping={"conversation_started": 9})
    client.hset("metrics:2026-W06", mapping={"conversation_started": 50})  # February
    client.hset("tracker:web_x", mapping={"x": 1})
    counts = read_counts(client, [JANUARY])
    assert list(counts) == ["2026-W01", "2026-W02", "2026-W03", "2026-W04", "2026-W05"]
    assert counts["2026-W01"] == {"conversation_started": 9}


def test_json_has_one_object_per_month_and_no_total_across_months(report):
    published = json.loads(render(report, "json"))
    assert (published["from"], published["to"]) == ("2025-12-29", "2026-03-01")
    assert [m["month"] for m in published["months"]] == ["2026-01", "2026-02"]
    assert published["months"][0]["weeks"] == ["2026-W01", "2026-W02", "2026-W03",
                                               "2026-W04", "2026-W05"]
    assert published["months"][1]["sections"]["abuse_type"][5] == {
        "id": "stalking", "label": "Stalking", "count": 30}
    assert set(published) == {"from", "to", "suppression", "counting", "months"}


def test_csv_has_one_row_per_published_cell(report):
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert rows[0] == {"section": "total", "id": "conversation_started",
                       "label": "Conversations started", "period": "2026-01", "count": "15"}
    totals = [(r["period"], r["count"]) for r in rows if r["section"] == "total"]
    assert totals == [("2026-01", "15"), ("2026-02", "40")]
    assert {r["section"] for r in rows} == {"total", "safety", "abuse_type", "need",
                                           "service_signposted", "channel", "language", "area"}
    assert len(rows) == 2 * (1 + len(report.months[0].sections[0].rows) + sum(
        len(section.rows) for section in report.months[0].sections[1:]))


def test_html_is_self_contained_with_charts(report):
    page = render(report, "html")
    assert page.startswith("<!doctype html>")
    assert page.count("<svg") >= 1 + 2 * 7
    assert "<script" not in page and "<link" not in page and "@import" not in page
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert urls <= {"http://www.w3.org/2000/svg"}  # an XML namespace, never fetched
    assert "January 2026 to February 2026: 29 December 2025 to 1 March 2026" in page
    assert "Physical abuse" in page and "National Domestic Abuse Helpline" in page
    assert 'download="safe-steps-2026-01-abuse.svg"' in page
    assert "* = 0 to 7" in page


def test_html_escapes_labels():
    names = Names(services={"evil": "<script>alert(1)</script>"}, areas={"a": "<b>"})
    page = render(build_report({"2026-W01": {"service_signposted:evil": 20}}, [JANUARY],
                               names=names), "html")
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_prometheus_has_one_sample_per_published_cell_and_leaves_stars_out(report):
    text = render(report, "prometheus")
    assert 'safe_steps_conversations{month="2026-01"} 15' in text
    assert 'safe_steps_conversations{month="2026-02"} 40' in text
    assert 'safe_steps_pathway_conversations{month="2026-02",section="abuse_type",' \
           'id="stalking"} 30' in text
    assert 'month="2026-01",section="abuse_type",id="stalking"' not in text  # 7: "*"
    assert 'id="central-bedfordshire"' not in text  # 0: "*" too
    assert "from=" not in text and "week=" not in text


@pytest.fixture
def redis_counts(monkeypatch):
    client = fakeredis.FakeStrictRedis()
    client.hset("metrics:2026-W02", mapping={"conversation_started": 23, "danger_response": 4})
    monkeypatch.setattr("redis.Redis.from_url", lambda *a, **k: client)
    return client


def test_cli_writes_a_report(tmp_path, redis_counts, capsys):
    out = tmp_path / "report.json"
    code = cli.main(["--from", "2026-01-01", "--to", "2026-01-31", "--format", "json",
                     "--redis-url", "redis://example:6379/0", "--out", str(out)])
    assert code == 0
    published = json.loads(out.read_text())
    assert published["months"][0]["conversations"] == 25
    assert published["months"][0]["sections"]["safety"][0]["count"] == "*"
    assert cli.main(["--from", "2026-01", "--to", "2026-01", "--format", "csv",
                     "--redis-url", "redis://example:6379/0"]) == 0
    assert capsys.readouterr().out.startswith("section,id,label,period,count")


def test_cli_refuses_without_redis(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(SystemExit):
        cli.main(["--from", "2026-01-01", "--to", "2026-01-31"])


@pytest.mark.parametrize("argv", [["--from", "2026-02-01", "--to", "2026-01-01"],
                                  ["--from", "2026-01", "--to", "2999-01"],
                                  ["--from", "January"]])
def test_cli_refuses_a_period_it_cannot_publish(argv, capsys):
    with pytest.raises(SystemExit):
        cli.main([*argv, "--redis-url", "redis://x"])
    assert "error:" in capsys.readouterr().err
