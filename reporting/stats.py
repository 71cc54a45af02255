"""Pathway statistics for the communications plan, with small-number suppression.

Usage: python -m reporting.stats --from 2026-01-01 --to 2026-03-31 --format csv|json|html
       [--redis-url redis://...] [--out FILE]

Reads the weekly counts bot.metrics writes and publishes them as NHS Digital publishes
sub-national counts: 0 stays 0, 1 to 7 become "*", every other count is rounded to the
nearest 5. Totals are computed from the raw counts and suppressed on their own, never
summed from suppressed cells. Rows come in a fixed order (vocabulary or name order,
never by size) so the order of two "*" rows reveals nothing. The gateway's /stats
serves the same report.
"""

from __future__ import annotations

import argparse
import os
import csv
import io
import json
import sys
from datetime import date
from typing import Any, Dict, Iterable, List, Optional, Union

from reporting import metric_keys
from reporting.metric_keys import CONVERSATION_STARTED, SAFETY, Vocabulary

Published = Union[int, str]
SUPPRESSED = "*"
SMALL_MAX = 7
ROUND_TO = 5
FORMATS = ("json", "csv", "html")
SUPPRESSION_NOTE = (
    "0 is shown as 0; counts of 1 to 7 are shown as * so that no one can be picked out; "
    "every other count is rounded to the nearest 5."
)
COUNTING_NOTE = (
    "Each count is a number of conversations: something that happened several times in "
    "one conversation counts once. Weeks are ISO weeks (Monday to Sunday)."
)


def suppress(count: int) -> Published:
    """A count as published: 0 -> 0, 1-7 -> "*", otherwise rounded to the nearest 5."""
    if count <= 0:
        return 0
    if count <= SMALL_MAX:
        return SUPPRESSED
    return ROUND_TO * ((count + ROUND_TO // 2) // ROUND_TO)


def read_counts(client: Any, start: date, end: date) -> Dict[str, Dict[str, int]]:
    """Raw counts per ISO week label for every week with a day in [start, end]."""
    counts = {}
    for week in metric_keys.weeks_between(start, end):
        raw = client.hgetall(metric_keys.KEY_PREFIX + week) or {}
        counts[week] = {_text(k): int(v) for k, v in raw.items()}
    return counts


def _text(value: Union[str, bytes]) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def build_report(
    counts: Dict[str, Dict[str, int]],
    start: date,
    end: date,
    vocabulary: Optional[Vocabulary] = None,
) -> Dict[str, Any]:
    """The published (suppressed) report from raw weekly counts."""
    vocabulary = vocabulary or metric_keys.load_vocabulary()
    totals: Dict[str, int] = {}
    for week_counts in counts.values():
        for field, count in week_counts.items():
            totals[field] = totals.get(field, 0) + count
    weekly_fields = (CONVERSATION_STARTED, *SAFETY)
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "suppression": SUPPRESSION_NOTE,
        "counting": COUNTING_NOTE,
        "conversations": suppress(totals.get(CONVERSATION_STARTED, 0)),
        "by_week": [
            {
                "week": week,
                "week_start": metric_keys.week_start(week).isoformat(),
                **{field: suppress(counts[week].get(field, 0)) for field in weekly_fields},
            }
            for week in counts
        ],
        "pathway": {
            "safety": _rows(vocabulary, totals, None, SAFETY),
            "abuse_type": _rows(vocabulary, totals, "abuse_type", vocabulary.abuse_type.values()),
            "need": _rows(vocabulary, totals, "need", vocabulary.need.values()),
            "service_signposted": _rows(
                vocabulary, totals, "service_signposted", _seen(totals, "service_signposted")
            ),
        },
        "channel": _rows(vocabulary, totals, "channel", sorted(vocabulary.channels)),
        "language": _rows(vocabulary, totals, "language", _seen(totals, "language")),
        "area": _rows(vocabulary, totals, "area", _area_ids() | set(_seen(totals, "area"))),
    }


def _seen(totals: Dict[str, int], kind: str) -> List[str]:
    return [field.split(":", 1)[1] for field in totals if field.startswith(kind + ":")]


def _area_ids() -> set:
    import services_directory

    return set(services_directory.load_directory().areas.areas)


def _rows(
    vocabulary: Vocabulary, totals: Dict[str, int], kind: Optional[str], values: Iterable[str]
) -> List[Dict[str, Any]]:
    """One row per value, in vocabulary order (named rows: by name), each suppressed."""
    rows = []
    for value in dict.fromkeys(values):
        field = value if kind is None else metric_keys.metric(kind, value)
        label = vocabulary.label(value) if kind is None else _label(vocabulary, kind, value)
        rows.append({"id": value, "label": label, "count": suppress(totals.get(field, 0))})
    if kind in ("service_signposted", "area", "language"):
        rows.sort(key=lambda row: row["label"].lower())
    return rows


def _label(vocabulary: Vocabulary, kind: str, value: str) -> str:
    """Readable words for a value: services and areas by their directory names."""
    if kind in ("service_signposted", "area"):
        import services_directory

        directory = services_directory.load_directory()
        if kind == "service_signposted":
            service = directory.get(value)
            return service.name if service else value
        area = directory.areas.areas.get(value)
        return area.name if area else value
    return vocabulary.label(kind, value)


def pathway_sections(report: Dict[str, Any]) -> List[tuple]:
    """(section, items) of the report's per-pathway counts, channel, language and area."""
    return [
        *report["pathway"].items(),
        *[(kind, report[kind]) for kind in ("channel", "language", "area")],
    ]


def section_rows(report: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Every row of the report in one long list: section, id, label, period, count."""
    period = f"{report['from']} to {report['to']}"
    rows = [{"section": "total", "id": CONVERSATION_STARTED, "label": "Conversations started",
             "period": period, "count": report["conversations"]}]
    for week in report["by_week"]:
        for field in (CONVERSATION_STARTED, *SAFETY):
            rows.append({"section": "week", "id": field,
                         "label": metric_keys.load_vocabulary().label(field),
                         "period": week["week"], "count": week[field]})
    for section, items in pathway_sections(report):
        for item in items:
            rows.append({"section": section, "id": item["id"], "label": item["label"],
                         "period": period, "count": item["count"]})
    return rows


def to_csv(report: Dict[str, Any]) -> str:
    """The report as CSV, one row per published count."""
    out = io.StringIO()
    writer = csv.DictWriter(out, ["section", "id", "label", "period", "count"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(section_rows(report))
    return out.getvalue()


def to_json(report: Dict[str, Any]) -> str:
    """The report as indented JSON."""
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def render(report: Dict[str, Any], fmt: str) -> str:
    """The report in one of FORMATS."""
    if fmt == "csv":
        return to_csv(report)
    if fmt == "html":
        from reporting.stats_html import to_html

        return to_html(report)
    return to_json(report)


def report_from_redis(client: Any, start: date, end: date) -> Dict[str, Any]:
    """Reads the counts and builds the suppressed report."""
    return build_report(read_counts(client, start, end), start, end)


def _parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="start", type=date.fromisoformat, required=True,
                        help="first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="end", type=date.fromisoformat, required=True,
                        help="last day, YYYY-MM-DD")
    parser.add_argument("--format", choices=FORMATS, default="json")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or None,
                        help="default: $REDIS_URL")
    parser.add_argument("--out", help="write to this file instead of standard output")
    args = parser.parse_args(argv)
    if args.end < args.start:
        parser.error("--to is before --from")
    if not args.redis_url:
        parser.error("set REDIS_URL or pass --redis-url: metrics are only kept in Redis")
    return args


def main(argv: Optional[List[str]] = None) -> int:
    """Prints or writes the report."""
    import redis

    args = _parse_args(argv)
    client = redis.Redis.from_url(args.redis_url, socket_timeout=5, socket_connect_timeout=5)
    try:
        text = render(report_from_redis(client, args.start, args.end), args.format)
    except redis.exceptions.RedisError as error:
        print(f"cannot read metrics from Redis: {type(error).__name__}", file=sys.stderr)
        return 1
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
