"""Two narrow fixes for Rasa 3.6 defects, applied in the Rasa process only.

1. Validating the action server's reply re-checked a constant schema every time.
2. A response's buttons had their payloads filled like text, so every safety-plan menu
   logged an error.

The first:

Rasa 3.6.21 checks the action server's reply with `jsonschema.validate(result, schema)`
(`RemoteAction._validate_action_result`). That function first validates the *schema*
against its meta-schema, on every call; the schema (every event type Rasa knows) is a
constant, and the meta-check costs about 19 ms, where validating the reply itself
costs about 0.3 ms (measured here with jsonschema 4.17.3). Every signposting turn
calls the action server, so each paid 19 ms for a check whose answer never changes.

`install()` replaces that method with one that checks the schema once, keeps the
validator, and validates each reply exactly as before: same schema, same first error
(`best_match`), same message appended to it.

The second: `TemplatedNaturalLanguageGenerator._fill_response` fills slots into a
response's text and into its buttons, payloads included. A payload that sets an entity,
'/choose_safety_plan_topic{"plan_topic": "at_home"}', reads to the filler as a slot named
'"plan_topic": "at_home"', so each safety-plan menu logged `interpolator.interpolate.text`
at ERROR (the reply itself went out whole: the filler gives up and keeps the text). A
payload names an intent and its entities, never a slot, so the patch fills the titles
only and leaves each payload as written.

`bot.components` calls `install()`, so both are in force wherever our NLU components are
loaded (`rasa run`, `rasa test`), never in the gateway or the action server.
"""

from __future__ import annotations

import functools
import logging
from typing import Any, Dict

logger = logging.getLogger(__name__)

# The method's source was read for this Rasa version; another version may have fixed
# it or changed it, so the patch then stays out of the way.
PATCHED_RASA_VERSIONS = ("3.6.",)


@functools.lru_cache(maxsize=1)
def _action_result_validator():
    """The validator of the action server's reply format, its schema checked once."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self, result: Dict[str, Any]) -> bool:
    """Drop-in for `RemoteAction._validate_action_result` without the per-call meta-check."""
    from jsonschema import exceptions
    from rasa.shared.constants import DOCS_BASE_URL

    error = exceptions.best_match(_action_result_validator().iter_errors(result))
    if error is None:
        return True
    # The message Rasa itself appends (rasa/core/actions/action.py).
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


_ORIGINAL: Dict[str, Any] = {}


def _fill_response(self, response: Dict[str, Any], filled_slots: Any = None,
                   **kwargs: Any) -> Dict[str, Any]:
    """Rasa's `_fill_response`, with the buttons' titles filled and their payloads as written."""
    from rasa.core.nlg import interpolator

    buttons = response.pop("buttons", None)
    response = _ORIGINAL["fill_response"](self, response, filled_slots, **kwargs)
    if buttons is not None:
        values = self._response_variables(filled_slots, kwargs)
        response["buttons"] = [
            {**button, "title": interpolator.interpolate(button["title"], values)}
            if isinstance(button, dict) and isinstance(button.get("title"), str) else button
            for button in buttons
        ]
    return response


def install() -> bool:
    """Applies the patches once; True when they are in force."""
    import rasa
    from rasa.core.actions.action import RemoteAction
    from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator as Generator

    if RemoteAction._validate_action_result is _validate_action_result:
        return True
    if not rasa.__version__.startswith(PATCHED_RASA_VERSIONS):
        logger.warning(
            "rasa %s: action-result validation and button patches not applied (written for %s)",
            rasa.__version__,
            ", ".join(PATCHED_RASA_VERSIONS),
        )
        return False
    RemoteAction._validate_action_result = _validate_action_result
    _ORIGINAL["fill_response"] = Generator._fill_response
    Generator._fill_response = _fill_response
    return True
