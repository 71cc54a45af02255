"""What the launcher's Python children do first, before Rasa or rasa_sdk is imported."""

from __future__ import annotations

import os
import sys
import warnings

# What the quiet mode hides: notices for the maintainers of the libraries we call.
QUIET_CATEGORIES = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
# Rasa warns about every response no rule or story names; ours are sent by the actions
# (service lines, offers, the pathways' words) and by the gateway, so at training time
# they are noise. `rasa data validate` in scripts/test.sh still lists them.
SENT_BY_CODE = r"The utterance '.*' is not used in any story or rule"


def keep_warnings_quiet() -> None:
    """Keeps library deprecation notices out in the launcher's quiet mode (PYTHONWARNINGS=ignore).

    Sanic 21.12 adds `filterwarnings("once", DeprecationWarning)` when it is imported
    (sanic/app.py), and Rasa adds `filterwarnings("once", UserWarning)` when it sets up
    logging (rasa/utils/common.py), both ahead of the environment's filters, so every
    library imported after them prints its notices again (pyparsing's deprecations are
    UserWarnings too). Call this first, and again after Rasa's set-up: it imports Sanic,
    then puts "ignore" for deprecations back in front. `--verbose` leaves
    PYTHONWARNINGS unset, and this does nothing.
    """
    if os.environ.get("PYTHONWARNINGS") != "ignore":
        return
    import sanic  # noqa: F401 - imported for the filter it adds, which we then override

    for category in QUIET_CATEGORIES:
        warnings.filterwarnings("ignore", category=category)
    warnings.filterwarnings("ignore", message=SENT_BY_CODE, category=UserWarning)


def without_tensorflow() -> None:
    """Makes `import tensorflow` (and torch) fail in this process.

    spaCy, which bot.log_filter's redaction uses, imports thinc, and thinc imports
    TensorFlow whenever it is installed (thinc/compat.py), only to offer it as a backend:
    over 500 MB of memory in a process that never uses it. thinc treats an ImportError
    as "not installed". Only for processes that run no model (the action server).
    """
    for name in ("tensorflow", "torch"):
        if name not in sys.modules:
            sys.modules[name] = None  # type: ignore[assignment]
