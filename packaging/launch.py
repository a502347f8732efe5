"""Entry point of the built app: the same as the ``visitdesk`` command of a source install."""

import sys

from visitdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
