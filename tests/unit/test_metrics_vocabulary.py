"""reporting/metrics.yml covers every pathway intent, every language, and its keys are ISO weeks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from generated.domain import load_whole_domain
from reporting import metric_keys
from reporting.metric_keys import load_vocabulary

ROOT = Path(__file__).resolve().parents[2]


def test_every_abuse_and_need_intent_is_counted():
    pathways = yaml.safe_load((ROOT / "actions" / "pathways.yml").read_text(encoding="utf-8"))
    vocabulary = load_vocabulary()
    assert set(pathways["abuse"]) <= set(vocabulary.abuse_type)
    assert set(pathways["needs"]) <= set(vocabulary.need)


def test_every_counted_intent_and_action_exists_in_the_domain():
    domain = load_whole_domain()
    vocabulary = load_vocabulary()
    assert set(vocabulary.abuse_type) | set(vocabulary.need) <= set(domain["intents"])
    assert set(vocabulary.responses) <= set(domain["responses"])


def test_every_language_of_the_domain_is_in_the_vocabulary():
    domain = load_whole_domain()
    languages = domain["slots"]["language"]["values"]
    assert languages and set(languages) <= load_vocabulary().languages


def test_every_value_has_words_for_the_report():
    vocabulary = load_vocabulary()
    for kind, mapping in [("abuse_type", vocabulary.abuse_type), ("need", vocabulary.need)]:
        for value in mapping.values():
            assert vocabulary.label(kind, value) != value, (kind, value)
    for name in ["conversation_started", *vocabulary.responses.values()]:
        assert vocabulary.label(name) != name
    for code in [*vocabulary.languages, "other"]:
        assert vocabulary.label("language", code) != code


@pytest.mark.parametrize(
    "day, label",
    [
        (date(2026, 11, 26), "2026-W48"),
        (date(2026, 1, 1), "2026-W01"),  # a Thursday: week 1 of 2026
        (date(2027, 1, 1), "2026-W53"),  # a Friday: still the last week of 2026
        (date(2024, 12, 30), "2025-W01"),  # a Monday in week 1 of the next year
    ],
)
def test_week_keys_are_iso_weeks(day, label):
    assert metric_keys.week_key(day) == f"metrics:{label}"
    assert metric_keys.week_start(label) <= day


def test_weeks_between_cover_every_day():
    weeks = metric_keys.weeks_between(date(2026, 1, 1), date(2026, 3, 31))
    assert weeks[0] == "2026-W01" and weeks[-1] == "2026-W14"
    assert len(weeks) == 14
    assert metric_keys.weeks_between(date(2026, 3, 2), date(2026, 3, 2)) == ["2026-W10"]
