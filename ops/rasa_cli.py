"""Rasa's command line, with its HTTP API token taken from the environment, not argv.

Usage: RASA_AUTH_TOKEN=... python -m ops.rasa_cli run --enable-api ...
       python -m ops.rasa_cli train ...   (any rasa command; quiet as the launcher is)

Rasa 3.6 reads the token only from `--auth-token` (rasa/cli/arguments/run.py offers no
environment variable and no file for it), and a command line can be read by every user
of the machine (`ps`, /proc/<pid>/cmdline), while the environment can be read only by
the same user. This module moves RASA_AUTH_TOKEN from the environment into `sys.argv`
inside the process, where `ps` does not see it, and then runs Rasa's own `main()`
exactly as the `rasa` script does (keeping library deprecation notices out in the
launcher's quiet mode: ops.child.keep_warnings_quiet).
"""

from __future__ import annotations

import os
import sys
from typing import Any, List, MutableMapping, Optional

from ops.child import keep_warnings_quiet

TOKEN_VARIABLE = "RASA_AUTH_TOKEN"


def rasa_argv(argv: List[str], environ: MutableMapping[str, str]) -> List[str]:
    """`argv` (without the program) as Rasa should parse it, the token taken from `environ`.

    Only `rasa run` takes a token; for it, the token leaves `environ`, so nothing Rasa
    starts inherits it. Other commands (`train`, `test`...) are passed on unchanged.
    """
    if not argv or argv[0] != "run" or argv[:2] == ["run", "actions"]:
        return list(argv)
    token = environ.pop(TOKEN_VARIABLE, "")
    # One argument: a token starting with "-" would otherwise be read as an option.
    return [*argv, f"--auth-token={token}"] if token else list(argv)


def main(argv: Optional[List[str]] = None) -> None:
    """Runs `rasa <argv>` in this process."""
    sys.argv = ["rasa", *rasa_argv(sys.argv[1:] if argv is None else argv, os.environ)]
    keep_warnings_quiet()
    import rasa.__main__

    configure_logging_and_warnings = rasa.__main__.configure_logging_and_warnings

    def configure_then_keep_quiet(*args: Any, **kwargs: Any) -> None:
        configure_logging_and_warnings(*args, **kwargs)
        keep_warnings_quiet()

    rasa.__main__.configure_logging_and_warnings = configure_then_keep_quiet
    rasa.__main__.main()


if __name__ == "__main__":
    main()
