"""VisitDesk: offline statutory visit records for children's social workers."""

__version__ = "0.1.0"
APP_NAME = "VisitDesk"
