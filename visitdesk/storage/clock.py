"""The time as the database stores it: local time to the second."""

from __future__ import annotations

from datetime import datetime


def stamp_now() -> datetime:
    """The current local time to the second, as stored in the database."""
    return datetime.now().replace(microsecond=0)
