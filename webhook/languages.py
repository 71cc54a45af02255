"""The languages a person can choose: English plus one per translations/<code>.yml."""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Dict, List

import yaml

logger = logging.getLogger(__name__)
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
ENGLISH = {"code": "en", "name": "English", "native_name": "English", "direction": "ltr"}


@functools.lru_cache(maxsize=1)
def language_choices(directory: Path = TRANSLATIONS_DIR) -> List[Dict[str, str]]:
    """English first, then each translation's code, names and writing direction."""
    choices = [ENGLISH]
    for path in sorted(directory.glob("*.yml")):
        try:
            spec = yaml.safe_load(path.read_text(encoding="utf-8"))
            choices.append(
                {
                    "code": spec["language"],
                    "name": spec["name"],
                    "native_name": spec.get("native_name") or spec["name"],
                    "direction": spec.get("direction", "ltr"),
                }
            )
        except (OSError, yaml.YAMLError, KeyError, TypeError):
            logger.warning("translation file skipped: %s", path.name)
    return choices
