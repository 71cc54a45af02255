"""Tunes MIN_CHARS and MIN_PROB of bot/language.py on tests/data/language_tuning.yml.

Prints, for raw langdetect and for our detector without and with thresholds, the
accuracy by language and by length band, then a grid of thresholds, the chosen pair,
and (if present) the figures on the held-out tests/data/i18n_messages.yml.

The English examples of the NLU data (data/nlu, tests/nlu; every intent but
speak_other_language) and the place names of services_directory/data/areas.yml (what
people type when the bot asks where they are) are checked too: any of them switched to
another language counts as a wrong switch.

Outcomes of one message: right (the expected language; for `unsupported`, None),
none (None where a language was expected: the conversation keeps its language) and
wrong (another language: the person is switched to a language they did not write).
A wrong switch costs more than a none (a wall of text in a language the person did
not write, instead of English with the helpline's interpreters), so the pair chosen
maximises right - WRONG_COST * wrong (tuning set and English NLU examples), and the
largest MIN_PROB and smallest MIN_CHARS break ties.

Run: .venv/bin/python scripts/tune_language.py
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textsafety import language  # noqa: E402

TUNING = ROOT / "tests" / "data" / "language_tuning.yml"
HELD_OUT = ROOT / "tests" / "data" / "i18n_messages.yml"
AREAS = ROOT / "services_directory" / "data" / "areas.yml"
NLU_FILES = sorted((ROOT / "data" / "nlu").glob("*.yml")) + [ROOT / "tests" / "nlu" / "heldout.yml"]
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
SHORT = 15  # raw characters: under this a text is "short"
BANDS = ((0, 8, "1-7"), (8, 12, "8-11"), (12, 15, "12-14"), (15, 25, "15-24"), (25, 10**6, "25+"))
MIN_CHARS_GRID = (0, 4, 6, 8, 10, 12, 13, 14, 15, 16, 18, 20, 25)
MIN_PROB_GRID = (0.0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99, 0.999)
WRONG_COST = 5


@dataclass(frozen=True)
class Item:
    """One labelled message; expected None means "no supported language"."""

    text: str
    expected: Optional[str]
    group: str  # a language code, "mixed" or "unsupported"

    @property
    def short(self) -> bool:
        """Under SHORT raw characters."""
        return len(self.text.strip()) < SHORT


def load_tuning(path: Path = TUNING) -> List[Item]:
    """The labelled messages of the tuning set."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = []
    for code, bands in data["languages"].items():
        for band in ("short", "long"):
            items.extend(Item(str(text), code, code) for text in bands[band])
    items.extend(Item(entry["text"], entry["lang"], "mixed") for entry in data.get("mixed", []))
    items.extend(Item(str(text), None, "unsupported") for text in data.get("unsupported", []))
    return items


def load_held_out(path: Path = HELD_OUT) -> List[Item]:
    """The independent multilingual messages, if they exist."""
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    items = []
    for key, value in data.items():
        if key == "en_short":
            items.extend(Item(str(text), "en", "en") for text in value)
        elif key == "mixed":
            items.extend(Item(entry["text"], entry["expected"], "mixed") for entry in value)
        elif key in language.SUPPORTED_LANGUAGES and isinstance(value, dict):
            for texts in value.values():
                items.extend(Item(str(text), key, key) for text in texts)
    return items


def load_english_nlu(paths: Iterable[Path] = NLU_FILES) -> List[Item]:
    """The English training and held-out NLU examples (entity annotations removed)."""
    items = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu", []):
            if "intent" not in block or block["intent"] == "speak_other_language":
                continue
            for line in block["examples"].splitlines():
                line = line.strip()
                if line.startswith("- "):
                    items.append(Item(_ANNOTATION.sub(r"\1", line[2:]), "en", "en-nlu"))
    areas = yaml.safe_load(AREAS.read_text(encoding="utf-8"))
    places = list(areas.get("not_covered", []))
    for area in areas["areas"].values():
        places += [area["name"], *area.get("towns", []), *area.get("aliases", [])]
    items.extend(Item(str(place), "en", "en-nlu") for place in places)
    return items


def outcome(item: Item, answer: Optional[str]) -> str:
    """right, none or wrong."""
    if answer == item.expected:
        return "right"
    if answer is None:
        return "none"
    return "wrong"


@dataclass
class Tally:
    """Counts of outcomes."""

    right: int = 0
    none: int = 0
    wrong: int = 0

    def add(self, result: str) -> None:
        """Counts one outcome."""
        setattr(self, result, getattr(self, result) + 1)

    @property
    def total(self) -> int:
        """All outcomes counted."""
        return self.right + self.none + self.wrong

    def __str__(self) -> str:
        if not self.total:
            return "-"
        return f"{self.right / self.total:6.1%} ({self.right}/{self.total}, {self.wrong} wrong)"


Answerer = Callable[[Item], Optional[str]]


def tally(items: Iterable[Item], answer: Answerer, key: Callable[[Item], str]) -> Dict[str, Tally]:
    """Outcomes grouped by key, plus "all"."""
    tallies: Dict[str, Tally] = defaultdict(Tally)
    for item in items:
        result = outcome(item, answer(item))
        tallies[key(item)].add(result)
        tallies["all"].add(result)
    return tallies


def band_of(item: Item) -> str:
    """The length band of a message."""
    length = len(item.text.strip())
    return next(name for low, high, name in BANDS if low <= length < high)


def report(title: str, items: List[Item], answer: Answerer) -> None:
    """Accuracy by language/group and by length band."""
    print(f"\n== {title}")
    by_group = tally(items, answer, lambda item: item.group)
    by_size = tally(items, answer, lambda item: "short (<15)" if item.short else "long (15+)")
    by_band = tally(items, answer, band_of)
    groups = [code for code in language.SUPPORTED_LANGUAGES if code in by_group]
    groups += [group for group in ("mixed", "unsupported") if group in by_group]
    for group in groups:
        short = tally([i for i in items if i.group == group and i.short], answer, lambda _: "x")[
            "all"
        ]
        long = tally([i for i in items if i.group == group and not i.short], answer, lambda _: "x")[
            "all"
        ]
        print(f"  {group:12} all {by_group[group]!s:28} short {short!s:28} long {long}")
    print("  by length (raw characters):")
    for name in ("short (<15)", "long (15+)"):
        print(f"    {name:12} {by_size[name]}")
    for _, _, name in BANDS:
        print(f"    {name:12} {by_band[name]}")
    print(f"  all          {by_group['all']}")


def main() -> int:
    """Prints the figures and the chosen thresholds."""
    items = load_tuning()
    for item in items:
        if item.group in language.SUPPORTED_LANGUAGES:
            assert item.expected == item.group
    analyses = {item.text: language.analyse(item.text) for item in items}
    held_out = load_held_out()
    english_nlu = load_english_nlu()
    for item in held_out + english_nlu:
        if item.text not in analyses:
            analyses[item.text] = language.analyse(item.text)
    raw = {item.text: language.langdetect_top(item.text)[0] for item in items + held_out}

    def raw_answer(item: Item) -> Optional[str]:
        return raw[item.text]

    def with_thresholds(min_chars: int, min_prob: float) -> Answerer:
        return lambda item: language.decide(analyses[item.text], min_chars, min_prob)[0]

    per_language = {
        code: sum(1 for i in items if i.group == code and i.short)
        for code in language.SUPPORTED_LANGUAGES
    }
    print(f"tuning set: {len(items)} messages; short per language: {per_language}")
    report(
        "before: raw langdetect (seeded, no cleaning, no script rules, no thresholds)",
        items,
        raw_answer,
    )
    report(
        "before thresholds: cleaned + script rules, MIN_CHARS=0, MIN_PROB=0",
        items,
        with_thresholds(0, 0.0),
    )

    print(f"\nEnglish NLU examples and place names: {len(english_nlu)}")
    print(
        "\n== grid: right% all / right% short / wrong switches in the tuning set + wrong"
        f" switches of English NLU examples (score = right - {WRONG_COST} x wrong)"
    )
    print("min_chars " + "".join(f"{p:>20}" for p in MIN_PROB_GRID))
    best: Tuple[int, float, int] | None = None
    chosen = (0, 0.0)
    for min_chars in MIN_CHARS_GRID:
        cells = []
        for min_prob in MIN_PROB_GRID:
            answer = with_thresholds(min_chars, min_prob)
            all_ = tally(items, answer, lambda _: "x")["all"]
            short = tally([i for i in items if i.short], answer, lambda _: "x")["all"]
            nlu = tally(english_nlu, answer, lambda _: "x")["all"]
            score = all_.right - WRONG_COST * (all_.wrong + nlu.wrong)
            cells.append(
                f"{all_.right / all_.total:4.0%}/{short.right / short.total:4.0%}"
                f"/{all_.wrong:2}+{nlu.wrong:<2}"
            )
            candidate = (score, min_prob, -min_chars)
            if best is None or candidate > best:
                best, chosen = candidate, (min_chars, min_prob)
        print(f"{min_chars:9} " + "".join(f"{cell:>20}" for cell in cells))
    print(f"\nchosen by the grid: MIN_CHARS={chosen[0]} MIN_PROB={chosen[1]} (score {best[0]})")
    print(f"in bot/language.py:  MIN_CHARS={language.MIN_CHARS} MIN_PROB={language.MIN_PROB}")
    report(
        f"after: MIN_CHARS={language.MIN_CHARS}, MIN_PROB={language.MIN_PROB}",
        items,
        with_thresholds(language.MIN_CHARS, language.MIN_PROB),
    )

    wrong = [
        (item, language.decide(analyses[item.text])[0])
        for item in items
        if outcome(item, language.decide(analyses[item.text])[0]) == "wrong"
    ]
    wrong += [
        (item, language.decide(analyses[item.text])[0])
        for item in english_nlu
        if outcome(item, language.decide(analyses[item.text])[0]) == "wrong"
    ]
    print("\nwrong switches with the thresholds in bot/language.py (tuning set, English NLU):")
    for item, answer in wrong:
        print(f"  {item.group:11} {item.text!r} -> {answer}")
    if not wrong:
        print("  none")

    if held_out:
        tuning_texts = {item.text for item in items}
        overlap = sum(item.text in tuning_texts for item in held_out)
        print(
            f"\nheld-out {HELD_OUT.relative_to(ROOT)}: {len(held_out)} messages "
            f"({overlap} also in the tuning set, common one-word replies)"
        )
        report("held-out, raw langdetect", held_out, raw_answer)
        report(
            f"held-out, MIN_CHARS={language.MIN_CHARS}, MIN_PROB={language.MIN_PROB}",
            held_out,
            with_thresholds(language.MIN_CHARS, language.MIN_PROB),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
