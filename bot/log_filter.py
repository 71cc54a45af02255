"""Keeps what people type out of every log record, at every level.

Rasa logs a user's text when handling a message fails (for example with Redis down),
and its debug lines dump slots and events. Two layers stop that:

* a LogRecord factory, installed process-wide when the logging config is loaded, that
  scrubs every record as it is created, whichever logger, level or handler it goes to
  (Sanic and coloredlogs replace handlers after start-up; the factory survives that);
* `MessageTextFilter`, on the handlers and on the loggers that carry text, for records
  made without the factory (`logging.makeLogRecord`) and for Sanic's `request` field.

Scrubbing: terminal colour codes go first (on a terminal, Rasa's structlog console
format writes `ESC[36mtext ESC[0m= ESC[35m...`, which no `text=` rule would match); then
structlog's JSON lines keep only an allow-list of keys; any other message loses the
values of text-bearing keys ("text=", "'text':", "value:"), loses quoted passages with
spaces in them, and is passed through `textsafety.redaction.redact`. Tracebacks keep
their frames and exception types; their messages are scrubbed too.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from typing import Any, Dict

from textsafety.redaction import redact

REMOVED = "[removed]"
# structlog keys that never hold what someone typed; every other string value goes.
SAFE_JSON_KEYS = {
    "event", "level", "logger", "timestamp", "event_key", "action_name", "policy_name",
    "intent_name", "predicted_action", "model_id", "slot_name", "form_name",
}
# Keys whose values are text, in reprs, dict dumps, key=value lines and event strings.
_TEXT_KEYS = (
    "text|message|user_text|user_message|parse_data_text|response_text|value|values|"
    "slot_values|slot_candidates|prefilled_slots|entities|body|payload|metadata|"
    "tracker_latest_message|latest_message|rasa_events?|prediction_events|states|"
    "current_states|old_states|json_message|data|entity|token_text|events"
)
_QUOTED = r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""
# An unquoted value runs to the next ", key: " or to a closing ")" (as in Rasa's event
# reprs "UserUttered(text: ..., intent: ...)" and "SlotSet(key: ..., value: ...)").
_UNQUOTED = r".*?(?=,\s*[A-Za-z_]+\s*[:=]\s|\)\s*(?:[,\]]|$)|$)"
_KEYED_VALUE = re.compile(
    rf"(['\"]?\b(?:{_TEXT_KEYS})['\"]?\s*[=:]\s*)(?:{_QUOTED}|{_UNQUOTED})",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTED_PHRASE = re.compile(r"(?<![\w'\"])('[^'\n]*\s[^'\n]*'|\"[^\"\n]*\s[^\"\n]*\")(?![\w'\"])")
_SECRET_IN_URL = re.compile(
    r"([?&](?:token|auth|key|secret|password|sig)=)[^&\s'\"]+", re.IGNORECASE
)
_MARK = "_safe_steps_scrubbed"
# ANSI/VT100 escape sequences: colours and styles (CSI ... m) and any other CSI or
# two-character escape a console renderer might write.
_ANSI_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")


def strip_ansi(message: str) -> str:
    """`message` without terminal colour codes and other escape sequences."""
    return _ANSI_ESCAPE.sub("", message)


def scrub_text(message: str) -> str:
    """A log message with message text, personal details and URL secrets removed."""
    if not message:
        return message
    message = strip_ansi(message)
    stripped = message.strip()
    if stripped.startswith("{") and stripped.endswith("}"):
        try:
            parsed = json.loads(stripped)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            return json.dumps(_scrub_json(parsed))
    message = _SECRET_IN_URL.sub(r"\1" + REMOVED, message)
    message = _KEYED_VALUE.sub(r"\1" + REMOVED, message)
    message = _QUOTED_PHRASE.sub(REMOVED, message)
    return redact(message)


def _scrub_json(entry: Dict[str, Any]) -> Dict[str, Any]:
    """Keeps allow-listed keys, numbers and booleans; exceptions keep their type names."""
    kept: Dict[str, Any] = {}
    for key, value in entry.items():
        if key == "exception":
            kept[key] = _exception_types(value)
        elif isinstance(value, (bool, int, float)) or value is None:
            kept[key] = value
        elif key in SAFE_JSON_KEYS and isinstance(value, str):
            kept[key] = scrub_text(value)
    return kept


def _exception_types(value: Any) -> Any:
    """Exception type names from structlog's dict tracebacks (no values, no locals)."""
    if isinstance(value, list):
        return [item.get("exc_type") for item in value if isinstance(item, dict)]
    return REMOVED


def _safe_args(args: Any) -> Any:
    """%-style arguments with every string holding a space removed, the rest redacted."""

    def safe(value: Any) -> Any:
        if isinstance(value, (int, float, bool)) or value is None:
            return value
        text = str(value)
        return REMOVED if any(ch.isspace() for ch in text.strip()) else redact(text)

    if isinstance(args, dict):
        return {key: safe(value) for key, value in args.items()}
    return tuple(safe(value) for value in args)


def scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    """Rewrites a record in place so that nothing it carries holds message text."""
    try:
        message = str(record.msg) % _safe_args(record.args) if record.args else str(record.msg)
    except Exception:  # noqa: BLE001 - a broken format string must not break logging
        message = str(record.msg)
    try:
        record.msg = scrub_text(message)
        if record.exc_info and record.exc_info[0] is not None:
            formatted = "".join(traceback.format_exception(*record.exc_info))
            record.exc_text = scrub_text(formatted.rstrip("\n"))
        elif record.exc_text:
            record.exc_text = scrub_text(record.exc_text)
    except Exception:  # noqa: BLE001 - never let scrubbing fail open or crash the caller
        record.msg = "[log message removed]"
        record.exc_text = None
    record.args = ()
    # The formatted traceback above replaces the exception, whose message may hold text.
    record.exc_info = None
    setattr(record, _MARK, record.msg)
    return record


class MessageTextFilter(logging.Filter):
    """A logging filter that scrubs each record it sees and lets it through."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Scrubs the record unless the record factory already did (and nothing changed)."""
        if getattr(record, _MARK, None) is not record.msg or record.args or record.exc_info:
            scrub_record(record)
        # Sanic's access log passes the URL as an extra field, set after the record is made.
        request = getattr(record, "request", None)
        if isinstance(request, str):
            record.request = request.split("?", 1)[0]
        return True


_previous_factory = None


def install_record_factory() -> None:
    """Makes every LogRecord created in this process scrubbed at creation (idempotent)."""
    global _previous_factory
    if _previous_factory is not None:
        return
    _previous_factory = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return scrub_record(_previous_factory(*args, **kwargs))

    logging.setLogRecordFactory(factory)


def make_filter() -> MessageTextFilter:
    """The filter for a logging config (`()`: bot.log_filter.make_filter); installs the factory."""
    install_record_factory()
    return MessageTextFilter()
