"""bot.log_filter with bot/logging.yml: no message text in any log record, at any level."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest

from bot import log_filter
from bot.log_filter import MessageTextFilter, scrub_record, scrub_text

ROOT = Path(__file__).resolve().parents[2]
TEXT = "my name is Jane Smith, he hurt me, call 07700 900123"
SECRETS = ["Jane", "Smith", "he hurt me", "07700", "900123"]


@pytest.fixture
def logging_config():
    """Loads bot/logging.yml as Rasa does; restores logging afterwards."""
    import rasa.utils.common

    root = logging.getLogger()
    saved = (list(root.handlers), root.level, logging.getLogRecordFactory())
    rasa.utils.common.configure_logging_from_file(str(ROOT / "bot" / "logging.yml"))
    stream = io.StringIO()
    capture = logging.StreamHandler(stream)
    capture.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root.addHandler(capture)
    yield stream
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    logging.setLogRecordFactory(saved[2])
    log_filter._previous_factory = None


def assert_clean(output: str) -> None:
    for secret in SECRETS:
        assert secret not in output, output


def test_the_config_loads_and_installs_the_record_factory(logging_config):
    # Rasa swallows a config it cannot load: prove this one loads.
    assert log_filter._previous_factory is not None
    root_filters = [f for h in logging.getLogger().handlers for f in h.filters]
    assert any(isinstance(f, MessageTextFilter) for f in root_filters)
    assert any(
        isinstance(f, MessageTextFilter) for f in logging.getLogger("sanic.access").filters
    )


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR])
def test_every_level_is_scrubbed(logging_config, level):
    logger = logging.getLogger("rasa.core.processor")
    logger.setLevel(logging.DEBUG)
    logger.log(level, f"Received user message '{TEXT}' with intent 'greet'")
    logger.log(level, "Received %s", TEXT)
    output = logging_config.getvalue()
    assert "Received" in output
    assert_clean(output)


def test_a_logger_that_does_not_propagate_is_scrubbed_too(logging_config):
    # Sanic's loggers have their own handlers and do not propagate to the root.
    stream = io.StringIO()
    sanic_error = logging.getLogger("sanic.error")
    handler = logging.StreamHandler(stream)
    sanic_error.addHandler(handler)
    try:
        sanic_error.error("Exception occurred while handling %s", TEXT)
    finally:
        sanic_error.removeHandler(handler)
    assert "Exception occurred" in stream.getvalue()
    assert_clean(stream.getvalue())


def test_tracebacks_keep_their_frames_but_not_the_text(logging_config):
    logger = logging.getLogger("rasa.core.channels.rest")
    try:
        raise ValueError(f"could not handle '{TEXT}'")
    except ValueError:
        logger.exception("An exception occured while handling user message '%s'.", TEXT)
    output = logging_config.getvalue()
    assert "Traceback" in output and "ValueError" in output
    assert_clean(output)


def test_rasa_structlog_failure_line_is_scrubbed(logging_config):
    """What Rasa's REST channel logs when Redis is down, through Rasa's own structlog setup."""
    import structlog
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.INFO)
    structlogger = structlog.get_logger()
    try:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    except ConnectionError:
        structlogger.exception("rest.message.received.failure", text=TEXT)
    output = logging_config.getvalue()
    assert "rest.message.received.failure" in output
    assert_clean(output)


def test_structlog_json_keeps_only_safe_keys():
    line = json.dumps({
        "text": TEXT, "event": "rest.message.received.failure", "level": "error",
        "parse_data_text": TEXT, "slot_values": {"area": TEXT}, "len_events": 3,
        "exception": [{"exc_type": "ConnectionError", "exc_value": TEXT,
                       "frames": [{"filename": "x.py", "locals": {"text": TEXT}}]}],
    })
    scrubbed = json.loads(scrub_text(line))
    assert scrubbed == {"event": "rest.message.received.failure", "level": "error",
                        "len_events": 3, "exception": ["ConnectionError"]}


@pytest.mark.parametrize(
    "message",
    [
        f"UserUttered(text: {TEXT}, intent: greet, use_text_for_featurization: False)",
        f"[SlotSet(key: area, value: {TEXT}), BotUttered(text: hi, data: ...)]",
        f"Validating extracted slots: {{'area': '{TEXT}'}}",
        f"text='{TEXT}' event=rest.message.received.failure",
        f'{{"text": "{TEXT}", "event": "x"',
        f"The execution of 'action_extract_slots' resulted in these events: "
        f"SlotSet(key: area, value: {TEXT}).",
        f"Current slot values: \n\tarea: {TEXT}\n\tchannel: web",
    ],
)
def test_rasa_debug_dumps_lose_the_text(message):
    assert_clean(scrub_text(message))


def test_tokens_in_urls_are_removed():
    line = "PUT /conversations/web_x/tracker/events?token=s3cr3t-token&x=1 200"
    assert "s3cr3t" not in scrub_text(line)


def test_sanic_access_log_loses_the_query_string(logging_config):
    # As Sanic logs a request: an empty message, the URL in an extra field.
    stream = io.StringIO()
    access = logging.getLogger("sanic.access")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(request)s %(message)s"))
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        access.info("", extra={"request": "PUT http://127.0.0.1:5005/conversations/web_x/"
                                          "tracker/events?token=s3cr3t"})
    finally:
        access.removeHandler(handler)
    assert "/tracker/events" in stream.getvalue()
    assert "s3cr3t" not in stream.getvalue()


def test_a_record_made_without_the_factory_is_scrubbed_by_the_filter():
    record = logging.makeLogRecord({"msg": "Received %s", "args": (TEXT,), "levelno": 10})
    assert MessageTextFilter().filter(record) is True
    assert_clean(record.getMessage())


def test_scrubbing_never_raises():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%d items", ("many",), None)
    scrub_record(record)
    assert isinstance(record.getMessage(), str)


# --- on a terminal: Rasa's coloured console format ------------------------------------

# What Rasa 3.6 writes to a terminal for `structlogger.error("rest.message.received.timeout",
# text=...)`: structlog's console renderer inside coloredlogs' format, byte for byte.
COLOURED_TIMEOUT = (
    "\x1b[31m[\x1b[31m\x1b[1merror    \x1b[0m] \x1b[1mrest.message.received.timeout \x1b[0m"
    f" \x1b[36mtext\x1b[0m=\x1b[35m{TEXT}\x1b[0m\x1b[0m"
)


@pytest.mark.parametrize(
    "message",
    [
        COLOURED_TIMEOUT,
        COLOURED_TIMEOUT.replace("timeout", "failure") + "\nTraceback (most recent call last):",
        f"\x1b[36mslot_values\x1b[0m=\x1b[35m{{'area': '{TEXT}'}}\x1b[0m",
    ],
)
def test_colour_codes_do_not_hide_the_text(message):
    scrubbed = scrub_text(message)
    assert_clean(scrubbed)
    assert "\x1b" not in scrubbed
    assert "text=" in scrubbed or "slot_values=" in scrubbed


# Rasa's own logging start-up (rasa/__main__.py: the config file, then coloredlogs, then
# structlog), then the two lines its REST channel logs on a timeout and on a failure
# (rasa/core/channels/rest.py), in a child process whose stderr is a terminal.
RASA_LOGGING_ON_A_TERMINAL = """
import sys
import rasa.utils.io
import structlog
from rasa.utils.common import configure_logging_and_warnings
from rasa.utils.log_utils import configure_structlog

configure_logging_and_warnings(None, "bot/logging.yml", warn_only_once=True,
                               filter_repeated_logs=True)
rasa.utils.io.configure_colored_logging(None)
configure_structlog(None)
assert sys.stderr.isatty()
structlogger = structlog.get_logger()
structlogger.error("rest.message.received.timeout", text=sys.argv[1])
try:
    raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
except ConnectionError:
    structlogger.exception("rest.message.received.failure", text=sys.argv[1])
"""


def run_on_a_terminal(argv, env) -> str:
    """Runs argv with stdout and stderr on a pseudo-terminal; returns what it wrote."""
    import os
    import pty
    import subprocess

    controller, terminal = pty.openpty()
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                               stdout=terminal, stderr=terminal)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    assert process.wait(timeout=120) == 0, output.decode(errors="replace")
    return output.decode(errors="replace")


@pytest.mark.parametrize("json_logging", [False, True], ids=["console-colours", "launcher-json"])
def test_rasa_logging_on_a_terminal_keeps_no_message_words(json_logging):
    import os
    import sys

    from ops.processes import JSON_LOGGING_ENV

    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3",
           "PYTHONWARNINGS": "ignore"}
    env.pop("FORCE_JSON_LOGGING", None)
    if json_logging:
        env.update(JSON_LOGGING_ENV)  # what ops.launcher gives Rasa and the action server
    output = run_on_a_terminal([sys.executable, "-c", RASA_LOGGING_ON_A_TERMINAL, TEXT], env)
    assert "rest.message.received.timeout" in output
    assert "rest.message.received.failure" in output and "ConnectionError" in output
    assert_clean(output)
    for words in ("name is", "hurt"):  # the message's own words, not just the personal data
        assert words not in output.lower(), output
