"""The remembered caseload: the rows last worked out, kept in the encrypted database with what
they were worked out from, so the window can show them at once while nothing has changed.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

from visitdesk.services.caseload_rows import CaseloadRow
from visitdesk.services.facts import installation_authority
from visitdesk.services.workspace import Workspace

# Working out every child's status reads every visit; a worker's laptop does it once a day.
# The result is kept (inside the encrypted database) with what it was computed from: the day,
# the standard and the change counter. Any other write makes it stale and it is worked out again.

CACHE_KEY = "caseload_cache"
_DATE_FIELDS = (
    "date_of_birth",
    "expected_birth_date",
    "next_due",
    "last_seen_alone",
    "next_visit_due",
    "reattempt_due",
    "seen_alone_due",
    "bedroom_due",
    "last_bedroom_seen",
    "joint_visit_due",
    "meeting_due",
    "review_due",
)
# Bumped whenever the way a row is worked out changes, so a row remembered by an older
# version (one that could show a false "On track") is never shown again.
_ROWS_VERSION = 6


def _cache_key(ws: Workspace, as_of: date) -> list:
    from visitdesk.storage import changes
    from visitdesk.storage.models import BundleLog

    with ws.db.sessions() as session:
        counter = changes.current(session)
        imports = session.query(BundleLog).count()
    authority = installation_authority(ws)
    return [
        _ROWS_VERSION,
        as_of.isoformat(),
        ws.identity.policy_id,
        authority.id,
        list(authority.policy_ids),
        counter,
        imports,
    ]


def _encode(row: CaseloadRow) -> dict:
    out = asdict(row)
    for f in _DATE_FIELDS:
        if out[f] is not None:
            out[f] = out[f].isoformat()
    return out


def _decode(data: dict) -> CaseloadRow:
    for f in _DATE_FIELDS:
        if data[f] is not None:
            data[f] = date.fromisoformat(data[f])
    data["standards"] = tuple(data.get("standards", ()))
    data["reasons"] = tuple(data.get("reasons", ()))
    return CaseloadRow(**data)


def _store(ws: Workspace, as_of: date, rows: list[CaseloadRow]) -> None:
    ws.set_setting(
        CACHE_KEY, json.dumps({"key": _cache_key(ws, as_of), "rows": [_encode(r) for r in rows]})
    )


def recall(ws: Workspace, as_of: date | None = None) -> tuple[list[CaseloadRow], bool] | None:
    """What was remembered, and whether it is still current; None if nothing usable was kept."""
    as_of = as_of or ws.today()
    raw = ws.setting(CACHE_KEY)
    if not raw:
        return None
    try:
        data = json.loads(raw)
        if data["key"][0] != _ROWS_VERSION:
            return None  # worked out by an older version: never shown
        return [_decode(r) for r in data["rows"]], data["key"] == _cache_key(ws, as_of)
    except (ValueError, KeyError, TypeError, IndexError):
        return None  # an unreadable cache is simply worked out again
