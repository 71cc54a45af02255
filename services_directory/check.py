"""The data validator: schema, needs, phones, ids, contact routes, reach and staleness."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Dict, List, Set

import yaml

from .loader import Directory, Finding, collect
from .reach import reachable_on
from .schema import NEEDS

# The sections of actions/pathways.yml whose entries list the need tags they offer.
PATHWAY_SECTIONS = ("abuse", "needs")


def stale_findings(
    directory: Directory, today: date, warn_days: int, error_days: int
) -> List[Finding]:
    """Return a warning or error for each service not checked recently enough.

    A confirmed entry's age counts from its last check; an entry nobody has confirmed
    counts from the day it was written, so it cannot stay unconfirmed for ever either.
    """
    found = []
    for service in directory.services:
        file = directory.files.get(service.id, "?")
        age = (today - service.dated).days
        what = "last checked" if service.confirmed else "not yet confirmed; recorded"
        if age < 0:
            field = "last_checked" if service.confirmed else "recorded"
            found.append(Finding("error", file, service.id, "stale", f"{field} is in the future"))
        elif age > error_days:
            message = f"{what} {age} days ago (limit {error_days})"
            found.append(Finding("error", file, service.id, "stale", message))
        elif age > warn_days:
            message = f"{what} {age} days ago (check every {warn_days})"
            found.append(Finding("warning", file, service.id, "stale", message))
    return found


def reach_findings(directory: Directory) -> List[Finding]:
    """Return an error for each channel a service is offered on but cannot be reached on."""
    found = []
    for service in directory.services:
        if service.contact.via and directory.get(service.contact.via) is None:
            continue  # a dangling 'via' is already a no-contact error
        for channel in service.channels:
            if not reachable_on(service, channel, directory.get):
                message = (
                    "no number to call or text, its own or its 'via' service's: add one, "
                    "or offer it on the web only (channels: [web])"
                    if channel == "sms"
                    else "no route a person can follow on the web"
                )
                found.append(
                    Finding(
                        "error",
                        directory.files.get(service.id, "?"),
                        service.id,
                        "unreachable",
                        f"cannot be reached by {channel}: {message}",
                    )
                )
    return found


def pathway_needs(path: Path) -> Dict[str, List[str]]:
    """Read the need tags each pathway asks for from a pathways YAML file."""
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle) or {}
    asked: Dict[str, List[str]] = {}
    for section in PATHWAY_SECTIONS:
        for intent, spec in (raw.get(section) or {}).items():
            asked[intent] = list((spec or {}).get("needs") or [])
    return asked


def need_findings(directory: Directory, pathways: Path) -> List[Finding]:
    """Check need tags against the pathways that offer them.

    Errors: a tag some service carries that no pathway asks for (that service could
    never be offered for it), and a pathway tag outside schema.NEEDS. Warning: a tag a
    pathway asks for that no service carries (the pathway's other tags must cover it).
    """
    file = pathways.name
    try:
        asked = pathway_needs(pathways)
    except (OSError, yaml.YAMLError, AttributeError) as exc:
        return [Finding("error", file, "-", "schema", f"cannot read pathways: {exc}")]
    used: Set[str] = {tag for tags in asked.values() for tag in tags}
    found = [
        Finding("error", file, intent, "unknown-need", f"unknown need tag '{tag}'")
        for intent, tags in asked.items()
        for tag in tags
        if tag not in NEEDS
    ]
    carried: Dict[str, List[str]] = {}
    for service in directory.services:
        for tag in service.needs:
            carried.setdefault(tag, []).append(service.id)
    for tag in NEEDS:
        if tag in carried and tag not in used:
            for service_id in carried[tag]:
                found.append(
                    Finding(
                        "error",
                        directory.files.get(service_id, "?"),
                        service_id,
                        "unreachable-need",
                        f"no pathway in {file} asks for need tag '{tag}'",
                    )
                )
    for tag in sorted(used & set(NEEDS)):
        if tag not in carried:
            message = f"need tag '{tag}' is asked for by a pathway but no service carries it"
            found.append(Finding("warning", file, "-", "need-without-service", message))
    return found


def run_check(
    data_dir: Path | None = None,
    today: date | None = None,
    warn_days: int = 180,
    error_days: int = 365,
    pathways: Path | None = None,
) -> List[Finding]:
    """Return every finding for a data folder (default: the shipped data).

    Args:
        data_dir: the folder of YAML files (default: the shipped data).
        today: the date staleness is judged on.
        warn_days: warn about entries older than this.
        error_days: fail on entries older than this.
        pathways: a pathways YAML file (actions/pathways.yml) to check need tags
            against; None skips that check.
    """
    directory, findings = collect(data_dir)
    if directory is not None:
        findings += reach_findings(directory)
        findings += stale_findings(directory, today or date.today(), warn_days, error_days)
        if pathways is not None:
            findings += need_findings(directory, pathways)
    return findings
