"""The languages Safe Steps speaks, read from translations/languages.yml (the one list).

Plain Python and YAML, no langdetect: the gateway reads it for the web language list
and the SMS keywords without loading a detector.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Tuple

import yaml

LANGUAGES_PATH = Path(__file__).resolve().parent.parent / "translations" / "languages.yml"
ENGLISH = "en"
# The `extractor` of a `language` entity that was guessed rather than detected: the
# language of the danger pattern that matched (bot.components.DangerOverride), or of a
# romanised message's markers (bot.components.LanguageDetector). Its writer may not read
# the script the reply comes in, so the web adds the English reply (actions).
ROMANISED_GUESS = "RomanisedLanguage"
GUESSED_LANGUAGE = ("DangerOverride", ROMANISED_GUESS)


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
        )
        for code, spec in raw.items()
    }
    if next(iter(languages), None) != ENGLISH:
        raise ValueError(f"{path}: English must come first")
    return languages


# English first, then each translated language.
SUPPORTED_LANGUAGES: Tuple[str, ...] = tuple(load_languages())
