"""A visit record's values by the field catalogue's names, whichever place holds each one.

The first releases' fields have columns of their own on the visits table; every field the
catalogue (visitdesk.standards.fields) has gained since lives in the record's ``answers``, a
JSON object. Everything that reads or writes a record's values goes through here, so a new
field is stored, printed, exported and synced with no code of its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from visitdesk.standards import fields as catalogue

_KINDS = {name: catalogue.BY_NAME[name].kind for name in catalogue.ANSWER_FIELDS}


class AnswersError(ValueError):
    """Stored or arriving answers that are not what the catalogue allows."""


def parse_answers(text: str | None) -> dict[str, Any]:
    """The answers held in ``text`` (a record's ``answers``), checked against the catalogue.

    A name the catalogue does not know is refused: it can only come from a newer VisitDesk
    or from tampering, and silently dropping it would lose what someone wrote."""
    if not text:
        return {}
    try:
        raw = json.loads(text)
    except ValueError:
        raise AnswersError("the answers are not valid JSON") from None
    if not isinstance(raw, dict):
        raise AnswersError("the answers must be a JSON object")
    values: dict[str, Any] = {}
    for name, value in raw.items():
        kind = _KINDS.get(name)
        if kind is None:
            raise AnswersError(f"the answers hold a field this version does not know: {name!r}")
        if kind == "datetime" and isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                raise AnswersError(f"{name} is not a date and time") from None
        problem = catalogue.problem(name, value)
        if problem is not None:
            raise AnswersError(f"{name.replace('_', ' ')} {problem}")
        values[name] = value
    return values


def dump_answers(values: Mapping[str, Any]) -> str:
    """The ``answers`` text for ``values``: recorded answers only, keys sorted, so the same
    answers always give the same text (and hash)."""
    kept = {}
    for name in catalogue.ANSWER_FIELDS:
        value = values.get(name)
        if catalogue.recorded(value):
            kept[name] = value.isoformat() if isinstance(value, datetime) else value
    if not kept:
        return ""
    return json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def values_of(visit: Any) -> dict[str, Any]:
    """Every stored field of ``visit`` (a Visit row), by catalogue name."""
    values = {name: getattr(visit, name) for name in catalogue.COLUMN_FIELDS}
    answers = parse_answers(visit.answers)
    for name in catalogue.ANSWER_FIELDS:
        values[name] = answers.get(name, "" if _KINDS[name] == "text" else None)
    return values


def store(visit: Any, changes: Mapping[str, Any]) -> None:
    """Write already-checked ``changes`` (catalogue names) into ``visit``."""
    later = {}
    for name, value in changes.items():
        if name in _KINDS:
            later[name] = value
        else:
            setattr(visit, name, value)
    if later:
        current = parse_answers(visit.answers)
        current.update(later)
        visit.answers = dump_answers(current)
