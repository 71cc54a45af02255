"""The languages Safe Steps speaks, read from translations/languages.yml (the one list).

Plain Python and YAML, no langdetect: the gateway reads it for the web language list
and the SMS keywords without loading a detector.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Tuple

import yaml

LANGUAGES_PATH = Path(__file__).resolve().parent.parent / "translations" / "languages.yml"
ENGLISH = "en"
# The `extractor` of a `language` entity that was guessed rather than detected: the
# language of the danger pattern that matched (bot.components.DangerOverride), or of a
# romanised message's markers (bot.components.LanguageDetector). Its writer may not read
# the script the reply comes in, so the web adds the English reply (actions).
ROMANISED_GUESS = "RomanisedLanguage"
GUESSED_LANGUAGE = ("DangerOverride", ROMANISED_GUESS)
# The two languages whose romanised words overlap most; their own telling words
# (`urdu_or_panjabi` in languages.yml) choose between them.
URDU_OR_PANJABI = ("ur", "pa")
# A word in any script: letters and digits, no underscores (romanised markers, telling words).
WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CLAUSE_END = re.compile(r"([^\W_]+)\s*(?:[.,!?;:]|$)", re.UNICODE)


@dataclass(frozen=True)
class Language:
    """One language: its code, names, writing direction and SMS keywords."""

    code: str
    name: str
    native_name: str
    direction: str  # ltr | rtl
    sms_keywords: Tuple[str, ...]
    # Words that show the language written in Latin letters (see languages.yml).
    romanised_markers: frozenset = frozenset()
    # Urdu's and Panjabi's words that tell the one from the other (see languages.yml).
    urdu_or_panjabi: frozenset = frozenset()
    urdu_or_panjabi_at_clause_end: frozenset = frozenset()


@functools.lru_cache(maxsize=1)
def load_languages(path: Path = LANGUAGES_PATH) -> Dict[str, Language]:
    """Every language by code, English first, in the file's order."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["languages"]
    languages = {
        code: Language(
            code=code,
            name=spec["name"],
            native_name=spec["native_name"],
            direction=spec.get("direction", "ltr"),
            sms_keywords=tuple(spec.get("sms_keywords") or ()),
            romanised_markers=frozenset(
                word.lower() for word in spec.get("romanised_markers") or ()),
            urdu_or_panjabi=frozenset(
                word.lower() for word in spec.get("urdu_or_panjabi") or ()),
            urdu_or_panjabi_at_clause_end=frozenset(
                word.lower() for word in spec.get("urdu_or_panjabi_at_clause_end") or ()),
        )
        for code, spec in raw.items()
    }
    if next(iter(languages), None) != ENGLISH:
        raise ValueError(f"{path}: English must come first")
    return languages


# English first, then each translated language.
SUPPORTED_LANGUAGES: Tuple[str, ...] = tuple(load_languages())


def urdu_or_panjabi(text: str) -> Optional[str]:
    """Urdu or Panjabi, when the message has more of one's telling words; else None.

    "nehar kande khadi aa, paani bahut tez, hun nahi jeena" has two Urdu markers that
    Panjabi writers use too ("bahut", "nahi") and one Panjabi marker ("hun"), and got an
    Urdu reply; "aa" ending a clause tells it is Panjabi (blind danger round 27).
    """
    text = text or ""
    words = [word.lower() for word in WORD.findall(text)]
    clause_ends = [word.lower() for word in _CLAUSE_END.findall(text)]
    counts = {}
    for code in URDU_OR_PANJABI:
        language = load_languages()[code]
        counts[code] = (sum(word in language.urdu_or_panjabi for word in words)
                        + sum(word in language.urdu_or_panjabi_at_clause_end
                              for word in clause_ends))
    urdu, panjabi = counts["ur"], counts["pa"]
    return None if urdu == panjabi else ("ur" if urdu > panjabi else "pa")
