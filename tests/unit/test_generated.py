"""scripts/generate.py: the copies Rasa needs are current, and drift is caught."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generated.domain import DomainConflict, join
from scripts import generate

ROOT = Path(__file__).resolve().parents[2]


def test_the_generated_files_match_their_sources():
    assert generate.main(["--check"]) == 0, "run: python scripts/generate.py"


def test_a_changed_source_is_reported_as_drift(monkeypatch, tmp_path, capsys):
    pathways = tmp_path / "pathways.yml"
    shutil.copy(ROOT / "actions/pathways.yml", pathways)
    text = pathways.read_text().replace("describe_fgm:", "describe_fgm_now:")
    pathways.write_text(text)
    original = generate.load_pathways
    monkeypatch.setattr(generate, "load_pathways", lambda: original.__wrapped__(pathways))
    assert generate.main(["--check"]) == 1
    assert "data/stories/rules_pathways.yml" in capsys.readouterr().out


def test_every_pathway_intent_gets_a_rule_and_a_domain_intent():
    rules = (ROOT / "data/stories/rules_pathways.yml").read_text()
    intents = (ROOT / "generated/domain_pathways.yml").read_text()
    for intent in [*generate.load_pathways().abuse, *generate.load_pathways().needs]:
        assert f"intent: {intent}" in rules and f"- {intent}" in intents


def test_a_translation_of_a_reply_domain_yml_lacks_is_refused():
    with pytest.raises(DomainConflict):
        join({"responses": {}}, [{"responses": {"utter_nowhere": [{"text": "x"}]}}])


def test_a_slot_defined_twice_is_refused():
    with pytest.raises(DomainConflict):
        join({"slots": {"language": {}}}, [{"slots": {"language": {}}}])
