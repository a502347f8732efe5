"""VisitDesk: offline statutory visit records for children's social workers."""

__version__ = "0.1.0"
APP_NAME = "VisitDesk"

# Until a data folder's log file is set up, VisitDesk's messages go nowhere: never to the
# terminal (where Python's last-resort handler would print them, frames and all).
import logging as _logging  # noqa: E402

_logging.getLogger(__name__).addHandler(_logging.NullHandler())
