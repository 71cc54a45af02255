"""The short titles of the answers (actions/answer_titles.yml), loaded once."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Dict

import yaml

TITLES_PATH = Path(__file__).with_name("answer_titles.yml")


@functools.lru_cache(maxsize=1)
def load_answer_titles(path: Path = TITLES_PATH) -> Dict[str, str]:
    """{topic: title}: how a person would ask for each answer, for a choice of two."""
    with open(path, encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle)["titles"])
