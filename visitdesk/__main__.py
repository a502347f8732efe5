"""Allow ``python -m visitdesk``."""

import sys

from visitdesk.cli import main

sys.exit(main())
