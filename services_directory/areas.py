"""Resolve a postcode or a (misspelt) town name to one of our areas, from areas.yml."""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Set, Tuple

from .loader import Directory, load_directory

_FULL = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d)[A-Z]{2}\b")
_SECTOR = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) (\d)\b")
_DISTRICT = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\b")
_DISTRICT_SHAPE = re.compile(r"^[a-z]{1,2}\d[a-z\d]?$")
# A digit standing for an Arabic letter inside a word of letters ("3la", "l7afa", "ma3ak"),
# not a time, an ordinal or English text-speak ("3am", "2nd", "2nite", "gr8").
_ARABIZI_WORD = re.compile(
    r"^(?=[a-z0-9]*[a-z][a-z0-9]*$)(?=.*[23579])(?!\d+(?:am|pm|st|nd|rd|th|s)$)"
    r"(?!(?:b4|2day|2nite|2moro|gr8|l8r|m8|w8|h8|str8)$)[a-z0-9]{2,}$")
# Words around a place name in messages like "I'm near Taunton"; stripped before matching.
_FILLER = set(
    "i im i'm we were we're am are live living in near nr at around from just outside by "
    "the area town my postcode is its it's me staying pls please x of on".split()
)
# Kept when checking a town that is also a word: "the bath" is not "Bath".
_KEEP_FOR_COMMON = frozenset({"the", "on"})
_FUZZY_WHOLE = 0.8  # whole place name: "tauton", "dunstible", "leighton buzard"
_FUZZY_PART = 0.85  # a word inside a longer message: stricter, as more can go wrong
_MIN_FUZZY_PART = 5  # shorter words inside a message are never fuzzily matched
_FUZZY_WORDS = 3  # runs of words compared fuzzily: "leighton buzard", "burnham on see"
# A town that is also a word counts inside a longer message only right after one of
# these: "I live in Bath", "staying at my mum's in Wells"; not "in the bath".
_PLACE_CUES = ("in", "near", "from", "nr", "outside", "around")
# ... or right before one of these: "Chard area"; or after "moved to".
_PLACE_AFTER_CUES = ("area", "way")
_MOVE_WORDS = ("moved", "move", "moving")

# What a name in the index stands for.
_TOWN, _REGION, _ELSEWHERE, _AMBIGUOUS = "town", "region", "elsewhere", "ambiguous"

# The area value of a place we know and do not cover (Bristol, Luton): the person gets
# an honest line that local lists cover our three areas, then the national lines.
ELSEWHERE = "elsewhere"


@dataclass(frozen=True)
class _Entry:
    area: str | None  # None: resolves to no area
    kind: str
    whole_only: bool = False


@dataclass(frozen=True)
class _Index:
    postcodes: Dict[str, str]
    names: Dict[str, _Entry]
    longest: int = 1  # words in the longest name: no longer run of words can match
    ordinary: frozenset = frozenset()  # words never read as a place (areas.yml ordinary_words)
    # Names a word inside a message may be a misspelling of, by (first letter, words):
    # misspellings keep both, and comparing against a few names, not all, keeps a long
    # message to well under a millisecond (it was 150 ms).
    fuzzy: Dict[Tuple[str, int], List[str]] = None  # type: ignore[assignment]


def normalise(text: str) -> str:
    """Lower-case, '&' to 'and', punctuation and hyphens to single spaces."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return " ".join(text.split())


def _strip_filler(text: str, keep: Set[str] = frozenset()) -> str:
    return " ".join(w for w in text.split() if w not in _FILLER or w in keep)


@functools.lru_cache(maxsize=8)
def _index(directory: Directory) -> _Index:
    """Build the postcode and name index for a directory; cached per directory."""
    data = directory.areas
    postcodes: Dict[str, str] = {}
    names: Dict[str, _Entry] = {}
    common = {normalise(w) for w in data.common_words}
    for area_id, area in data.areas.items():
        for code in [*area.postcode_districts, *area.postcode_sectors]:
            postcodes[code] = area_id
        for name in [area_id.replace("-", " "), area.name]:
            names[normalise(name)] = _Entry(area_id, _REGION)
        for name in [*area.towns, *area.aliases]:
            key = normalise(name)
            names[key] = _Entry(area_id, _TOWN, whole_only=key in common)
    for name in data.not_covered:
        key = normalise(name)
        names[key] = _Entry(ELSEWHERE, _ELSEWHERE, whole_only=key in common)
    for code in data.not_covered_postcodes:
        postcodes.setdefault(code, ELSEWHERE)
    for name in data.ambiguous:
        names[normalise(name)] = _Entry(None, _AMBIGUOUS)
    fuzzy: Dict[Tuple[str, int], List[str]] = {}
    for name, entry in names.items():
        if not entry.whole_only:
            fuzzy.setdefault((name[0], name.count(" ") + 1), []).append(name)
    longest = max(name.count(" ") + 1 for name in names)
    ordinary = frozenset(normalise(word) for word in data.ordinary_words)
    return _Index(postcodes, names, longest=longest, fuzzy=fuzzy, ordinary=ordinary)


def _from_postcode(text: str, postcodes: Dict[str, str]) -> Tuple[str, str] | None:
    """The area of the first postcode, sector or district in `text` that is ours, and it."""
    upper = " ".join(text.upper().split())
    for pattern in (_FULL, _SECTOR):
        for match in pattern.finditer(upper):
            district, sector = match.group(1), f"{match.group(1)} {match.group(2)}"
            if sector in postcodes or district in postcodes:
                return postcodes.get(sector) or postcodes[district], match.group(0).lower()
    for match in _DISTRICT.finditer(upper):
        district = match.group(1)
        if district in postcodes and not _arabizi_word_not_district(text, district):
            return postcodes[district], district.lower()
    return None


def _arabizi_word_not_district(text: str, district: str) -> bool:
    """Whether a district was typed in lower case in a message written in Arabizi.

    Searched in the text as typed: `upper` has its spacing collapsed, so its offsets are
    not the text's. Read only once one of our districts matched, not on every message.
    """
    typed = re.search(rf"(?<![A-Za-z0-9]){re.escape(district)}(?![A-Za-z0-9])", text, re.I)
    return bool(typed) and typed.group(0).islower() and _written_in_arabizi(text)


def _written_in_arabizi(text: str) -> bool:
    """Whether a message is Arabic in Latin letters, with digits for letters ("3la l7afa").

    There "ta3" means "of", not Taunton's TA3 district: a bare district typed in lower
    case in such a message is not read as a place. A full postcode or sector still is.
    """
    return any(_ARABIZI_WORD.match(word) and not _DISTRICT_SHAPE.match(word)
               for word in re.findall(r"[a-z0-9]+", text.lower()))


def _ngrams(words: List[str], longest: int) -> Iterable[str]:
    for size in range(min(len(words), longest), 0, -1):
        for start in range(len(words) - size + 1):
            yield " ".join(words[start : start + size])


def _agree(entries: List[_Entry]) -> str | None:
    """Return the one area named by the most specific matches, None if they disagree."""
    for kinds in ((_TOWN, _ELSEWHERE), (_REGION,)):
        picked: Set[str | None] = {e.area for e in entries if e.kind in kinds}
        if picked:
            # "Keynsham, Somerset" is fine (the town decides); "Taunton or Bath" is not.
            return picked.pop() if len(picked) == 1 else None
    return None


def _whole(text: str, names: Dict[str, _Entry], longest: int) -> _Entry | None:
    if text in names:
        return names[text]
    if text.count(" ") + 1 > longest:
        return None  # longer than any name: the parts below look inside it
    close = difflib.get_close_matches(text, list(names), n=1, cutoff=_FUZZY_WHOLE)
    return names[close[0]] if close else None


def _parts(words: List[str], index: _Index, fuzzy: bool) -> List[Tuple[_Entry, str]]:
    found = []
    names = index.names
    for gram in _ngrams(words, index.longest if not fuzzy else min(index.longest, _FUZZY_WORDS)):
        entry = names.get(gram)
        if entry is None and fuzzy and len(gram) >= _MIN_FUZZY_PART:
            usable = index.fuzzy.get((gram[0], gram.count(" ") + 1), [])
            close = difflib.get_close_matches(gram, usable, n=1, cutoff=_FUZZY_PART)
            entry = names[close[0]] if close else None
        if entry is not None and not entry.whole_only:
            found.append((entry, gram))
    return found


def _cued(text: str, names: Dict[str, _Entry]) -> List[Tuple[_Entry, str]]:
    """Towns that are also words, where a place cue stands next to them."""
    words = text.split()
    found = []
    for index, word in enumerate(words):
        entry = names.get(word)
        if entry is None or not entry.whole_only:
            continue
        before = words[index - 1] if index else ""
        after = words[index + 1] if index + 1 < len(words) else ""
        moved_to = before == "to" and index > 1 and words[index - 2] in _MOVE_WORDS
        if before in _PLACE_CUES or moved_to or (after in _PLACE_AFTER_CUES and before != "the"):
            found.append((entry, word))
    return found


@dataclass(frozen=True)
class Located:
    """The area a message names, and where in the message the place stands."""

    area: str  # an area id, or ELSEWHERE
    start: int
    end: int


def resolve_area(text: str | None, directory: Directory | None = None) -> str | None:
    """Return the area id for a postcode, district or town name, or None if not ours."""
    area = locate_area(text, directory)
    return None if area == ELSEWHERE else area


def locate_area(text: str | None, directory: Directory | None = None) -> str | None:
    """Return the area id a message names, ELSEWHERE for a known place we do not cover, or None."""
    located = locate(text, directory)
    return located.area if located else None


def locate(text: str | None, directory: Directory | None = None) -> Located | None:
    """Find the area a message names: an area id, ELSEWHERE, or None, with its span.

    Used on whole messages ("he hits me, I live in Yeovil"), so it only ever answers
    with a value the directory defines, never with the words that were typed.
    """
    if not text or not text.strip():
        return None
    index = _index(directory or load_directory())
    found = _find(text, index)
    if found is None or found[0] is None:
        return None
    area, matched = found
    start, end = _span(text, matched)
    return Located(area, start, end)


def _find(text: str, index: _Index) -> Tuple[str | None, str] | None:
    """The area (or None where names disagree) and the words or postcode that named it."""
    # A postcode outside our districts (say BS1) falls through to the names, and then to
    # None unless the message also names one of our towns.
    postcode = _from_postcode(text, index.postcodes)
    if postcode:
        return postcode

    # Everyday words a town is a misspelling away from take no part ("unstable it" was
    # close enough to "dunstable" as a whole).
    stripped = " ".join(word for word in _strip_filler(normalise(text)).split()
                        if word not in index.ordinary)
    if not stripped:
        return None
    entry = _whole(stripped, index.names, index.longest)
    if entry is not None and entry.whole_only:
        # "I live in Bath" is a place; "I'm in the bath" and "on the street" are not.
        if _strip_filler(normalise(text), keep=_KEEP_FOR_COMMON) != stripped:
            entry = None
    if entry is not None:
        # Places we do not cover resolve to ELSEWHERE, bare county names to None.
        return entry.area, stripped
    words = stripped.split()
    cued = _cued(normalise(text), index.names)
    for fuzzy in (False, True):
        found = _parts(words, index, fuzzy) + cued
        if found:
            area = _agree([entry for entry, _ in found])
            return area, next((gram for entry, gram in found if entry.area == area), "")
    return None


def _span(text: str, matched: str) -> Tuple[int, int]:
    """Where the matched words (normalised, in order) stand in the original text."""
    words = matched.split()
    if not words:
        return 0, len(text)
    gap = r"[^A-Za-z0-9']+"
    exact = re.search(
        r"(?<![A-Za-z0-9])" + gap.join(re.escape(w) for w in words) + r"(?![A-Za-z0-9])",
        text,
        re.IGNORECASE,
    )
    if exact:
        return exact.start(), exact.end()
    # Words with filler between them ("Frome in somerset"): from the first to the last.
    first = re.search(re.escape(words[0]), text, re.IGNORECASE)
    last = re.search(
        re.escape(words[-1]) + r"(?!.*" + re.escape(words[-1]) + ")",
        text,
        re.IGNORECASE | re.DOTALL,
    )
    if first and last and last.end() > first.start():
        return first.start(), last.end()
    return 0, len(text)
