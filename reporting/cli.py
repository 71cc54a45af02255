"""Pathway statistics for the communications plan, suppressed, per whole month.

Usage: python -m reporting [--from 2026-01] [--to 2026-03] [--format json|csv|html|prometheus]
       [--redis-url redis://...] [--out FILE]

Months are `YYYY-MM` or any date in them (`--from 2026-01-01 --to 2026-03-31` is January
to March); the default is the last three months that have ended. A month that has not
ended is refused. The gateway's /stats serves the same report.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional

from reporting.formats import FORMATTERS, render
from reporting.periods import PeriodError, requested_months
from reporting.report import report_from_redis


def _parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m reporting",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="start", help="first month, YYYY-MM (or a day in it)")
    parser.add_argument("--to", dest="end", help="last month, YYYY-MM (or a day in it)")
    parser.add_argument("--format", choices=sorted(FORMATTERS), default="json")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or None,
                        help="default: $REDIS_URL")
    parser.add_argument("--out", help="write to this file instead of standard output")
    args = parser.parse_args(argv)
    try:
        args.months = requested_months(args.start, args.end)
    except PeriodError as error:
        parser.error(str(error))
    if not args.redis_url:
        parser.error("set REDIS_URL or pass --redis-url: metrics are only kept in Redis")
    return args


def main(argv: Optional[List[str]] = None) -> int:
    """Prints or writes the report."""
    import redis

    args = _parse_args(argv)
    client = redis.Redis.from_url(args.redis_url, socket_timeout=5, socket_connect_timeout=5)
    try:
        text = render(report_from_redis(client, args.months), args.format)
    except redis.exceptions.RedisError as error:
        print(f"cannot read metrics from Redis: {type(error).__name__}", file=sys.stderr)
        return 1
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0
