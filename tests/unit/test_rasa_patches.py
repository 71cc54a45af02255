"""bot.rasa_patches: the action server's replies are checked as strictly as Rasa does, faster."""

from __future__ import annotations

import jsonschema
import pytest
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

import bot.components  # noqa: F401  (importing it installs the patch, as `rasa run` does)
from bot import rasa_patches

SPEC = RemoteAction.action_response_format_spec()

VALID_REPLIES = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "need", "value": "refuge"}],
        "responses": [{"response": "utter_refuge", "helpline_phone": "0808 2000 247"}],
    },
    {"events": [{"event": "followup", "name": "action_listen"}]},
]

INVALID_REPLIES = [
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot", "value": "refuge"}]},  # a slot event without a name
    {"events": "not a list"},
    {"responses": [["not", "an", "object"]]},
]


def test_rasa_model_loading_installs_the_patch():
    assert RemoteAction._validate_action_result is rasa_patches._validate_action_result


@pytest.mark.parametrize("reply", VALID_REPLIES)
def test_valid_replies_pass(reply):
    assert RemoteAction(name="action_x", action_endpoint=None)._validate_action_result(reply)


@pytest.mark.parametrize("reply", INVALID_REPLIES)
def test_invalid_replies_fail_with_rasas_own_error(reply):
    """The same first error as jsonschema.validate (what Rasa calls), with Rasa's hint."""
    with pytest.raises(jsonschema.ValidationError) as expected:
        jsonschema.validate(reply, SPEC)
    with pytest.raises(jsonschema.ValidationError) as raised:
        RemoteAction(name="action_x", action_endpoint=None)._validate_action_result(reply)
    assert raised.value.message.startswith(expected.value.message)
    assert "Failed to validate Action server response" in raised.value.message
    assert list(raised.value.absolute_path) == list(expected.value.absolute_path)


def test_the_schema_itself_is_checked_once_not_per_reply(monkeypatch):
    """The meta-schema check (about 19 ms) was Rasa's cost on every custom action."""
    validator_class = validator_for(SPEC)
    original = validator_class.check_schema.__func__
    calls = []

    def counting_check_schema(cls, schema, *args, **kwargs):
        calls.append(schema)
        return original(cls, schema, *args, **kwargs)

    monkeypatch.setattr(validator_class, "check_schema", classmethod(counting_check_schema))
    rasa_patches._action_result_validator.cache_clear()
    action = RemoteAction(name="action_x", action_endpoint=None)
    for reply in VALID_REPLIES * 5:
        action._validate_action_result(reply)
    assert len(calls) == 1


def test_installing_twice_is_harmless():
    assert rasa_patches.install()
    assert rasa_patches.install()
    assert RemoteAction._validate_action_result is rasa_patches._validate_action_result


MENU = {"utter_menu": [{"text": "Pick one. Helpline: {helpline_phone}.", "buttons": [
    {"title": "Call {helpline_phone}", "payload": "/deny"},
    {"title": "At home now", "payload": '/choose_safety_plan_topic{"plan_topic": "at_home"}'},
]}]}


class ErrorsLogged:
    """Stands in for Rasa's interpolator's structlog logger and keeps what it was told."""

    def __init__(self) -> None:
        self.events: list = []

    def exception(self, event: str, **fields) -> None:
        self.events.append(event)


def test_a_menus_payloads_are_kept_as_written_and_nothing_is_logged_as_an_error(monkeypatch):
    from rasa.core.nlg import interpolator
    from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator

    logged = ErrorsLogged()
    monkeypatch.setattr(interpolator, "structlogger", logged)
    filled = TemplatedNaturalLanguageGenerator(MENU).generate_from_slots(
        "utter_menu", {"helpline_phone": "0808 2000 247"}, "rest")
    assert filled["text"] == "Pick one. Helpline: 0808 2000 247."
    assert [b["title"] for b in filled["buttons"]] == ["Call 0808 2000 247", "At home now"]
    assert filled["buttons"][1]["payload"] == '/choose_safety_plan_topic{"plan_topic": "at_home"}'
    assert logged.events == []
    # the domain's own response is untouched for the next reply
    assert MENU["utter_menu"][0]["buttons"][0]["title"] == "Call {helpline_phone}"
