"""The choices the forms and the command line offer, as the database accepts them.

Kept apart from the read models so that a dialog shown before the database is open (the
first run, the unlock) can offer them without loading the rest of the services.
"""

from __future__ import annotations

from visitdesk.storage.models import PLAN_TYPES, REGIONS, ROLES

__all__ = ["PLAN_TYPES", "REGIONS", "ROLES"]
