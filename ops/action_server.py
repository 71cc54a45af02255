"""The action server: rasa_sdk's own entry point, with neither Rasa nor TensorFlow loaded.

Usage: python -m ops.action_server --actions actions --port 5055 [rasa_sdk options]

`rasa run actions` would import all of Rasa and TensorFlow into the action server;
`python -m rasa_sdk` does not, but the log filter's spaCy would still pull TensorFlow
in (ops.child.without_tensorflow). This runs `rasa_sdk.__main__.main()` unchanged,
after those two settings.
"""

from __future__ import annotations

import logging
import os
import sys

from ops.child import keep_warnings_quiet, without_tensorflow


def main() -> None:
    """Runs rasa_sdk's action server with the arguments of this process."""
    without_tensorflow()
    keep_warnings_quiet()
    # LOG_LEVEL, as Rasa reads it (the launcher's quiet mode sets WARNING): rasa_sdk itself
    # takes its level only from -v/--quiet, which the logging config file then overrides.
    if os.environ.get("LOG_LEVEL"):
        logging.getLogger("rasa_sdk").setLevel(os.environ["LOG_LEVEL"].upper())
    sys.argv[0] = "rasa_sdk"
    from rasa_sdk.__main__ import main as rasa_sdk_main

    rasa_sdk_main()


if __name__ == "__main__":
    main()
