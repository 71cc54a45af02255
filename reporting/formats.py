"""The report's formats by name, for the CLI and the gateway's /stats."""

from __future__ import annotations

from typing import Callable, Dict

from reporting.format_csv import to_csv
from reporting.format_html import to_html
from reporting.format_json import to_json
from reporting.format_prometheus import to_prometheus
from reporting.report import Report

FORMATTERS: Dict[str, Callable[[Report], str]] = {
    "json": to_json, "csv": to_csv, "html": to_html, "prometheus": to_prometheus,
}
MEDIA_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8",
               "html": "text/html; charset=utf-8",
               "prometheus": "text/plain; version=0.0.4; charset=utf-8"}


def render(report: Report, fmt: str) -> str:
    """The report in one of FORMATTERS."""
    return FORMATTERS[fmt](report)
