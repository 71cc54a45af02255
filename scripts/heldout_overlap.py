"""Prints held-out lines that also occur in the training data (they must not).

The training side is the NLU data, the answer ranker's examples (bot/answer_examples.yml),
the language guesser's everyday samples (textsafety/language_samples) and the danger
patterns' fixtures of four words or
more (tests/data/danger*.yml: a pattern written to catch a line has been trained on it).
Prints only held-out lines, so a person writing the held-out set can check it without
reading the training data.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterator

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from textsafety.language_ngrams import EVERYDAY_SAMPLES  # noqa: E402


def nlu_examples(data: dict) -> set:
    """Lower-cased example texts of loaded NLU data."""
    found = set()
    for block in data["nlu"]:
        if "intent" in block:
            found |= {
                line.strip()[2:].strip().lower()
                for line in block["examples"].splitlines()
                if line.strip().startswith("- ")
            }
    return found


def examples(path: Path) -> set:
    """Lower-cased example texts of an NLU file."""
    return nlu_examples(yaml.safe_load(path.read_text(encoding="utf-8")))


def nodes(node: Any) -> Iterator[Any]:
    """A loaded YAML document's every node, at any depth (the node itself first)."""
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    for child in children:
        yield from nodes(child)


def strings(path: Path) -> set:
    """Lower-cased text of every string in a fixture file, at any depth."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {node.strip().lower() for node in nodes(data) if isinstance(node, str)}


def held_out_texts(path: Path) -> set:
    """Lower-cased messages of every item of a blind held-out set (tests/heldout/).

    A message is an item's `text`, or the `first` and `then` of a follow-up.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "nlu" in data:
        return nlu_examples(data)
    return {node[key].strip().lower() for node in nodes(data) if isinstance(node, dict)
            for key in ("text", "first", "then") if isinstance(node.get(key), str)}


def main() -> int:
    """Exits 1 and lists the overlapping lines if any held-out line was trained on."""
    train = set().union(*(examples(p) for p in (ROOT / "data" / "nlu").glob("*.yml")))
    # Fixtures of three words or fewer ("help me", "me va a matar") are left out: any two
    # writers type them alike, so a match says nothing about copying.
    fixtures = set().union(*(strings(p) for p in (ROOT / "tests" / "data").glob("danger*.yml")))
    train |= {text for text in fixtures if len(text.split()) > 3}
    # The answer ranker's own examples (bot.answer_ranker), which only it is trained on.
    train |= strings(ROOT / "bot" / "answer_examples.yml") if (
        ROOT / "bot" / "answer_examples.yml").exists() else set()
    # The language guesser's everyday samples (textsafety.language_ngrams).
    for path in ROOT.glob(EVERYDAY_SAMPLES):
        train |= strings(path)
    held_out = examples(ROOT / "tests" / "nlu" / "heldout.yml").union(
        *(held_out_texts(p) for p in (ROOT / "tests" / "heldout").glob("*.yml")))
    overlap = sorted(held_out & train)
    for line in overlap:
        print(line)
    return 1 if overlap else 0


if __name__ == "__main__":
    sys.exit(main())
