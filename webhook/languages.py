"""The languages a person can choose: English plus one per translations/<code>.yml.

The one reader of the translation files' metadata, for the web page's language list
and the SMS language keywords alike.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any, Dict, List

from textsafety.languages import load_languages

logger = logging.getLogger(__name__)
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
ENGLISH = {
    "code": "en",
    "name": load_languages()["en"].name,
    "native_name": load_languages()["en"].native_name,
    "direction": load_languages()["en"].direction,
}


def read_translations(directory: Path = TRANSLATIONS_DIR) -> List[Dict[str, Any]]:
    """Each translated language's code, names, direction and SMS keywords.

    From translations/languages.yml (the one list), for the languages that also have a
    translations/<code>.yml: a language without its replies is not offered.
    """
    found = []
    for code, language in load_languages().items():
        if code == "en":
            continue
        if not (directory / f"{code}.yml").is_file():
            logger.warning("language %s has no translations/%s.yml: not offered", code, code)
            continue
        found.append(
            {
                "code": code,
                "name": language.name,
                "native_name": language.native_name,
                "direction": language.direction,
                "sms_keywords": list(language.sms_keywords),
            }
        )
    return found


@functools.lru_cache(maxsize=1)
def language_choices(directory: Path = TRANSLATIONS_DIR) -> List[Dict[str, str]]:
    """English first, then each translation's code, names and writing direction."""
    return [ENGLISH] + [
        {
            "code": t["code"],
            "name": t["name"],
            "native_name": t["native_name"] or t["name"],
            "direction": t["direction"],
        }
        for t in read_translations(directory)
    ]
