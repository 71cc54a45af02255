"""The SMS layer's own wording, read from messages.yml (no user-facing text in code)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import yaml

import services_directory

MESSAGES_PATH = Path(__file__).resolve().parent / "messages.yml"


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
    helpline = services_directory.get_service(services_directory.HELPLINE_ID)
    values = {"helpline_phone": helpline.contact.phone}
    texts = {name: str(text).format(**values) for name, text in data.items() if name != "options"}
    return SmsMessages(options=OptionsWording(**data["options"]), **texts)
