"""Replaces names, phone numbers, emails, postcodes and addresses in free text.

Regular expressions find what has a fixed shape (emails, phone numbers, postcodes);
spaCy `Matcher` patterns over a blank English tokenizer find what follows a cue
("my name is ...", "I live at ...") or looks like a street ("12a Mill Lane"). The cue
words are data: `textsafety/patterns/redaction.yml`. Used on free-text slot and entity values
before a tracker is stored, and on every log record; nothing is ever un-redacted, so
the patterns err towards redacting too much.
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path
from typing import List, Tuple

import spacy
import yaml
from spacy.matcher import Matcher
from spacy.tokens import Doc

from textsafety.danger import straighten_apostrophes

PATTERNS_PATH = Path(__file__).parent / "patterns" / "redaction.yml"

PHONE, EMAIL, POSTCODE, ADDRESS, NAME = "[phone]", "[email]", "[postcode]", "[address]", "[name]"

_EMAIL = re.compile(
    r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w.+-]+ ?(?:\(at\)|\[at\]| at ) ?[\w-]+ ?(?:\(dot\)|\[dot\]| dot )"
    r" ?(?:com|org|net|co(?: ?(?:\.|dot) ?uk)?|uk)\b",
    re.IGNORECASE,
)
# UK numbers: 0 or +44 / 0044 / 44 (mobile) and 9-10 more digits, any spacing.
_PHONE_UK = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|44(?=\s?7)|\(?0)\d(?:[\s\-.()]{0,2}\d){8,9}(?!\d)"
)
_PHONE_INTERNATIONAL = re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s\-.()]{0,2}\d){6,13}(?!\d)")
_HOUSE_NUMBER = r"^\d{1,4}[a-zA-Z]?$"
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:['-][^\W\d_]+)*$")
_SENTENCE_END = {".", "!", "?", ";", "\n"}
_MAX_NAME_WORDS = 3
_MAX_ADDRESS_TOKENS = 12


class Redactor:
    """Finds personal details in text and replaces each with a placeholder."""

    def __init__(self, patterns_path: Path = PATTERNS_PATH) -> None:
        with open(patterns_path, encoding="utf-8") as handle:
            spec = yaml.safe_load(handle)
        areas = "|".join(sorted(spec["postcode_areas"], key=len, reverse=True))
        self._postcode_full = re.compile(
            rf"\b(?:{areas})\d[A-Z\d]?\s*\d[A-Z]{{2}}\b", re.IGNORECASE
        )
        self._postcode_district = re.compile(
            rf"\b(?:{areas})\d[A-Z\d]?(?:\s\d(?![\dA-Z]))?\b", re.IGNORECASE
        )
        self._nlp = spacy.blank("en")
        self._stop_words = self._nlp.Defaults.stop_words
        self._matcher = self._build_matcher(spec)
        # spaCy's Matcher is not documented as thread-safe; log records come from threads.
        self._lock = threading.Lock()

    def _build_matcher(self, spec: dict) -> Matcher:
        matcher = Matcher(self._nlp.vocab, validate=True)
        for label, key in (("name", "name_cues"), ("title_name", "title_name_cues"),
                           ("address_cue", "address_cues")):
            matcher.add(label, [[{"LOWER": word} for word in cue] for cue in spec[key]])
        number = {"TEXT": {"REGEX": _HOUSE_NUMBER}}
        suffix = {"LOWER": {"IN": spec["street_suffixes"]}}
        title_word = {"IS_TITLE": True, "LOWER": {"NOT_IN": sorted(self._stop_words)}}
        title_suffix = {"IS_TITLE": True, "LOWER": {"IN": spec["street_suffixes"]}}
        streets = []
        for words in range(1, 4):
            streets.append([number, *[{"IS_ALPHA": True}] * words, suffix])
            streets.append([*[title_word] * words, title_suffix])
        streets.append([{"LOWER": {"IN": spec["unit_words"]}}, number])
        matcher.add("address", streets)
        return matcher

    def redact(self, text: str) -> str:
        """The text with every personal detail found replaced by a placeholder."""
        if not text or not text.strip():
            return text
        text = _EMAIL.sub(EMAIL, text)
        text = _PHONE_UK.sub(PHONE, text)
        text = _PHONE_INTERNATIONAL.sub(PHONE, text)
        text = self._postcode_full.sub(POSTCODE, text)
        text = self._postcode_district.sub(POSTCODE, text)
        return _replace(text, self._spans(text))

    def _spans(self, text: str) -> List[Tuple[int, int, str]]:
        """Character spans of addresses and names, found with the Matcher."""
        with self._lock:
            doc = self._nlp.make_doc(straighten_apostrophes(text))
            matches = self._matcher(doc)
        spans = []
        for match_id, start, end in matches:
            label = self._nlp.vocab.strings[match_id]
            if label == "address":
                spans.append((start, end, ADDRESS))
            elif label == "address_cue":
                spans.append((end, _address_end(doc, end), ADDRESS))
            else:
                spans.append((end, self._name_end(doc, end, label == "title_name"), NAME))
        return [
            (doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), placeholder)
            for start, end, placeholder in spans
            if end > start
        ]

    def _name_end(self, doc: Doc, start: int, title_only: bool) -> int:
        """The token index just after the name that starts at `start` (== start: none)."""
        end, words = start, 0
        while end < len(doc) and words < _MAX_NAME_WORDS:
            token = doc[end]
            if token.text == "-" and words and end + 1 < len(doc):
                end += 1
                continue
            if not _NAME_WORD.match(token.text):
                break
            stop = token.lower_ in self._stop_words
            if title_only and (not token.is_title or stop):
                break
            # A stop word ends the name, except a capitalised first one ("My name is May").
            if stop and not (words == 0 and token.is_title):
                break
            end, words = end + 1, words + 1
        if end > start and doc[end - 1].text == "-":
            end -= 1
        return end


def _address_end(doc: Doc, start: int) -> int:
    """The token index where the address after a cue ends: the end of the sentence."""
    end = start
    while end < len(doc) and end - start < _MAX_ADDRESS_TOKENS:
        if doc[end].text in _SENTENCE_END:
            break
        end += 1
    return end


def _replace(text: str, spans: List[Tuple[int, int, str]]) -> str:
    """Replaces character spans (overlapping ones merged) with their placeholders."""
    merged: List[List] = []
    for start, end, placeholder in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, placeholder])
    for start, end, placeholder in reversed(merged):
        text = text[:start] + placeholder + text[end:]
    return text


@functools.lru_cache(maxsize=1)
def default_redactor() -> Redactor:
    """The process-wide redactor built from the shipped patterns."""
    return Redactor()


def redact(text: str) -> str:
    """Replaces names, phone numbers, emails, postcodes and addresses with placeholders."""
    return default_redactor().redact(text)
