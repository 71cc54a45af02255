"""The fixed vocabulary of pathway metrics and the Redis keys they are counted under.

Plain Python (no Rasa import): the metrics broker in Rasa, the stats CLI and the
gateway's /stats share it. Counts live in one Redis hash per ISO week,
`metrics:2026-W48`, whose fields are metric names such as `need:safe_place_to_stay`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional
from zoneinfo import ZoneInfo

import yaml

VOCABULARY_PATH = Path(__file__).with_name("metrics.yml")
# Pathways and languages, generated from actions/pathways.yml and translations/languages.yml
# by scripts/generate.py (one source for each fact).
PATHWAY_METRICS_PATH = Path(__file__).resolve().parent.parent / "generated" / "metrics_pathways.yml"
KEY_PREFIX = "metrics:"
LONDON = ZoneInfo("Europe/London")

CONVERSATION_STARTED = "conversation_started"
SAFETY = ("danger_response", "self_harm_response", "safe_exit_guidance")
OTHER_LANGUAGE = "other"


@dataclass(frozen=True)
class Vocabulary:
    """What may be counted: intent and action maps, channels, languages, labels."""

    abuse_type: Dict[str, str]
    need: Dict[str, str]
    responses: Dict[str, str]
    channels: FrozenSet[str]
    languages: FrozenSet[str]
    labels: dict

    def label(self, kind: str, value: Optional[str] = None) -> str:
        """The report's words for a metric (the raw value when there are none)."""
        if value is None:
            return self.labels.get(kind, kind)
        return (self.labels.get(kind) or {}).get(value, value)


@functools.lru_cache(maxsize=1)
def load_vocabulary(
    path: Path = VOCABULARY_PATH, pathways_path: Path = PATHWAY_METRICS_PATH
) -> Vocabulary:
    """Reads reporting/metrics.yml joined with the generated pathway and language metrics."""
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    with open(pathways_path, encoding="utf-8") as handle:
        generated = yaml.safe_load(handle)
    labels = dict(raw["labels"])
    for kind, words in generated.pop("labels").items():
        labels[kind] = {**labels.get(kind, {}), **words}
    raw = {**raw, **generated, "labels": labels}
    return Vocabulary(
        abuse_type=dict(raw["abuse_type"]),
        need=dict(raw["need"]),
        responses=dict(raw["responses"]),
        channels=frozenset(raw["channels"]),
        languages=frozenset(raw["languages"]),
        labels=dict(raw["labels"]),
    )


def metric(kind: str, value: Optional[str] = None) -> str:
    """The hash field of a metric: `danger_response` or `area:somerset`."""
    return kind if value is None else f"{kind}:{value}"


def today() -> date:
    """Today's date in England (weeks start on Monday, Europe/London)."""
    return datetime.now(LONDON).date()


def week_label(day: date) -> str:
    """The ISO week of a day, e.g. `2026-W48`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_key(day: date) -> str:
    """The Redis key that counts the week of a day, e.g. `metrics:2026-W48`."""
    return KEY_PREFIX + week_label(day)


def week_start(label: str) -> date:
    """The Monday of an ISO week label."""
    year, week = label.split("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def weeks_between(start: date, end: date) -> List[str]:
    """Every ISO week that has a day in [start, end], oldest first."""
    monday = start - timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append(week_label(monday))
        monday += timedelta(days=7)
    return weeks
