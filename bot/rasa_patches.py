"""A narrow fix for one Rasa 3.6 performance defect, applied in the Rasa process only.

Rasa 3.6.21 checks the action server's reply with `jsonschema.validate(result, schema)`
(`RemoteAction._validate_action_result`). That function first validates the *schema*
against its meta-schema, on every call; the schema (every event type Rasa knows) is a
constant, and the meta-check costs about 19 ms, where validating the reply itself
costs about 0.3 ms (measured here with jsonschema 4.17.3). Every signposting turn
calls the action server, so each paid 19 ms for a check whose answer never changes.

`install()` replaces that method with one that checks the schema once, keeps the
validator, and validates each reply exactly as before: same schema, same first error
(`best_match`), same message appended to it. `bot.components` calls it, so it is in
force wherever our NLU components are loaded (`rasa run`, `rasa test`), never in the
gateway or the action server.
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


def install() -> bool:
    """Applies the patch once; True when it is in force."""
    import rasa
    from rasa.core.actions.action import RemoteAction

    if RemoteAction._validate_action_result is _validate_action_result:
        return True
    if not rasa.__version__.startswith(PATCHED_RASA_VERSIONS):
        logger.warning(
            "rasa %s: action-result validation patch not applied (written for %s)",
            rasa.__version__,
            ", ".join(PATCHED_RASA_VERSIONS),
        )
        return False
    RemoteAction._validate_action_result = _validate_action_result
    return True
