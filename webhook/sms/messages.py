"""The SMS layer's own wording (no user-facing text in code).

English in messages.yml; other languages in the `sms:` section of
translations/<code>.yml, laid over the English text by text. This module is the one
reader of both.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Sequence

import yaml

import services_directory

logger = logging.getLogger(__name__)
MESSAGES_PATH = Path(__file__).resolve().parent / "messages.yml"
TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"


@dataclass(frozen=True)
class OptionsWording:
    """How numbered options are written: "Reply 1 for X, 2 for Y."."""

    first: str
    next: str
    separator: str
    end: str

    def line(self, titles: Sequence[str]) -> str:
        """One line offering the titles as numbered options (1-based)."""
        parts = [
            (self.first if number == 1 else self.next).format(number=number, title=title)
            for number, title in enumerate(titles, start=1)
        ]
        return self.separator.join(parts) + self.end if parts else ""


@dataclass(frozen=True)
class SmsMessages:
    """Every sentence the SMS layer says itself."""

    stop: str
    start: str
    help: str
    forget: str
    forget_failed: str
    empty: str
    media_only: str
    too_long: str
    rate_limited: str
    options: OptionsWording


@functools.lru_cache(maxsize=4)
def load_messages(path: Path = MESSAGES_PATH) -> SmsMessages:
    """Reads the wording and fills in the helpline number from the services directory."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    values = _placeholder_values()
    texts = {name: str(text).format(**values) for name, text in data.items() if name != "options"}
    return SmsMessages(options=OptionsWording(**data["options"]), **texts)


def _placeholder_values() -> Dict[str, str]:
    helpline = services_directory.get_service(services_directory.HELPLINE_ID)
    return {"helpline_phone": helpline.contact.phone}


@functools.lru_cache(maxsize=32)
def translated_texts(language: str, directory: Path = TRANSLATIONS_DIR) -> Dict[str, str]:
    """A language's own SMS texts (its translations/<code>.yml `sms:`), placeholders filled.

    Empty for English, for a language without a file or an `sms:` section, and for a
    file that does not read: the English text is then sent, never nothing.
    """
    if language == "en" or not language.isalpha():
        return {}
    try:
        data = yaml.safe_load((directory / f"{language}.yml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as error:
        logger.warning("sms texts of %s not read (%s)", language, type(error).__name__)
        return {}
    names = {field.name for field in dataclasses.fields(SmsMessages)} - {"options"}
    section = data.get("sms") if isinstance(data, dict) else None
    if not isinstance(section, dict):
        return {}
    values = _placeholder_values()
    return {name: str(text).format(**values) for name, text in section.items() if name in names}


def messages_in(english: SmsMessages, language: Optional[str]) -> SmsMessages:
    """The wording in a conversation's language: its texts over the English, one by one."""
    texts = translated_texts(language) if language else {}
    return dataclasses.replace(english, **texts) if texts else english
