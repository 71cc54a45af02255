"""The data validator: schema, needs, phones, ids, contact routes and staleness."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import List

from .loader import Directory, Finding, collect


def stale_findings(
    directory: Directory, today: date, warn_days: int, error_days: int
) -> List[Finding]:
    """Return a warning or error for each service not checked recently enough."""
    found = []
    for service in directory.services:
        file = directory.files.get(service.id, "?")
        age = (today - service.last_checked).days
        if age < 0:
            found.append(
                Finding("error", file, service.id, "stale", "last_checked is in the future")
            )
        elif age > error_days:
            message = f"last checked {age} days ago (limit {error_days})"
            found.append(Finding("error", file, service.id, "stale", message))
        elif age > warn_days:
            message = f"last checked {age} days ago (check every {warn_days})"
            found.append(Finding("warning", file, service.id, "stale", message))
    return found


def run_check(
    data_dir: Path | None = None,
    today: date | None = None,
    warn_days: int = 180,
    error_days: int = 365,
) -> List[Finding]:
    """Return every finding for a data folder (default: the shipped data)."""
    directory, findings = collect(data_dir)
    if directory is not None:
        findings += stale_findings(directory, today or date.today(), warn_days, error_days)
    return findings
