"""The languages a person can choose: English plus one per translations/<code>.yml.

The one reader of the translation files' metadata, for the web page's language list
and the SMS language keywords alike.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any, Dict, List

import yaml

from textsafety.language import SUPPORTED_LANGUAGES

logger = logging.getLogger(__name__)
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
ENGLISH = {"code": "en", "name": "English", "native_name": "English", "direction": "ltr"}


def read_translations(directory: Path = TRANSLATIONS_DIR) -> List[Dict[str, Any]]:
    """Each translation's code, names, direction and SMS keyword, as written in its file.

    A file that does not parse or names no supported language is skipped with a
    warning: the files are written by hand and the service must keep working.
    """
    found = []
    for path in sorted(directory.glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, UnicodeDecodeError) as error:
            logger.warning("translation %s skipped (%s)", path.name, type(error).__name__)
            continue
        if not isinstance(data, dict):
            continue
        code = data.get("language") or path.stem
        if code not in SUPPORTED_LANGUAGES or code == "en":
            logger.warning("translation %s names no supported language", path.name)
            continue
        found.append(
            {
                "code": code,
                "name": data.get("name") or code,
                "native_name": data.get("native_name"),
                "direction": data.get("direction", "ltr"),
                "sms_keyword": data.get("sms_keyword"),
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
