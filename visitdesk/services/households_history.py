"""The households a child lived in before their current one, kept on the child as JSON.

A child moves household (to a parent, a relative, into care) and the move is dated: their
current household is ``Child.household_id`` from ``household_since``; each earlier one is a
``Stay`` here. Read strictly, since it also arrives in bundles.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import date

from visitdesk import limits

# More moves than any child's record would hold; a longer list is refused, never cut.
MAX_STAYS = 200
_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def is_id(value: object) -> bool:
    """Whether ``value`` is an id in the form VisitDesk gives them (a lower-case UUID)."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


# Household references from outside (a case system's household number in an import) become
# the same id on every installation, so children imported on two laptops meet in one
# household.
_REFERENCES = uuid.UUID("6f1c4b52-5d0e-4c55-9a53-3f4d8d2a7e10")


def household_id_for(reference: str) -> str:
    """The household id for ``reference``: an id as it is, any other reference (a case
    system's household number) turned into one, the same everywhere."""
    reference = reference.strip()
    if is_id(reference):
        return reference
    if not reference or len(reference) > 200:
        raise ValueError("a household reference must be between 1 and 200 characters")
    return str(uuid.uuid5(_REFERENCES, reference.casefold()))


@dataclass(frozen=True, slots=True)
class Stay:
    """A household the child lived in, from ``start`` (None: not known) to ``until``."""

    household: str
    start: date | None
    until: date


def _day(value: object, what: str) -> date:
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError(f"{what} is not a date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what} is not a date") from None


def parse_history(text: str) -> list[Stay]:
    """The stays held in ``text`` (a child's ``household_history``); ValueError naming the
    fault when it is not a list of them in date order."""
    if not text:
        return []
    try:
        raw = limits.parse_json(text, max_values=MAX_STAYS * 8)
    except limits.JSONRefused as exc:
        raise ValueError(f"the household history cannot be read: {exc}") from None
    if not isinstance(raw, list):
        raise ValueError("the household history is not a list")
    if len(raw) > MAX_STAYS:
        raise ValueError(f"the household history holds more than {MAX_STAYS} moves")
    stays: list[Stay] = []
    for item in raw:
        if not isinstance(item, dict) or set(item) != {"household", "from", "until"}:
            raise ValueError("a household stay is not one")
        if not is_id(item["household"]):
            raise ValueError("a household stay does not name a household")
        start = None if item["from"] is None else _day(item["from"], "a stay's first day")
        until = _day(item["until"], "a stay's last day")
        if start is not None and until < start:
            raise ValueError("a household stay ends before it starts")
        if stays and until < stays[-1].until:
            raise ValueError("the household history is not in date order")
        stays.append(Stay(item["household"], start, until))
    return stays


def history_text(stays: list[Stay]) -> str:
    """The stays as stored: one form only, so the same history is always the same text."""
    if not stays:
        return ""
    return json.dumps(
        [
            {
                "household": s.household,
                "from": None if s.start is None else s.start.isoformat(),
                "until": s.until.isoformat(),
            }
            for s in stays
        ],
        separators=(",", ":"),
    )
