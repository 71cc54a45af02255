"""`python -m reporting`: see reporting.cli."""

import sys

from reporting.cli import main

sys.exit(main())
