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

from visitdesk import limits
from visitdesk.standards import fields as catalogue

_KINDS = {name: catalogue.BY_NAME[name].kind for name in catalogue.ANSWER_FIELDS}
# What the answers text may hold at most: every answer at its own limit, with room for the
# names and the JSON around them (escaping can double a text; the column holds the result).
MAX_ANSWERS_TEXT = 2 * limits.MAX_TEXT_FIELD * max(1, len(_KINDS)) + 64 * 1024


class AnswersError(ValueError):
    """Stored or arriving answers that are not what the catalogue allows."""


class NewerAnswers(AnswersError):
    """Answers to a field this version's catalogue does not know: a newer VisitDesk wrote
    them. Refused from a bundle (so nothing is dropped on the way); kept as they are in this
    installation's own records."""


def _read(text: str) -> dict[str, Any]:
    """The JSON object in ``text``, read strictly (duplicate keys, NaN, lone surrogates and
    deep nesting refused)."""
    try:
        raw = limits.parse_json(text)
    except limits.JSONRefused as exc:
        raise AnswersError(f"the answers cannot be read: {exc}") from None
    if not isinstance(raw, dict):
        raise AnswersError("the answers must be a JSON object")
    return raw


def _check(name: str, value: Any) -> Any:
    kind = _KINDS[name]
    if kind == "datetime" and isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise AnswersError(f"{name.replace('_', ' ')} is not a date and time") from None
        if value.tzinfo is not None:
            raise AnswersError(f"{name.replace('_', ' ')} must be a local time, without a zone")
    if kind == "text" and isinstance(value, str) and len(value) > limits.MAX_TEXT_FIELD:
        raise AnswersError(
            f"{name.replace('_', ' ')} is longer than {limits.MAX_TEXT_FIELD:,} characters"
        )
    problem = catalogue.problem(name, value)
    if problem is not None:
        raise AnswersError(f"{name.replace('_', ' ')} {problem}")
    return value


def parse_answers(text: str | None) -> dict[str, Any]:
    """The answers held in ``text`` (a record's ``answers``), every one checked against the
    catalogue. A name the catalogue does not know raises :class:`NewerAnswers`: it can only
    come from a newer VisitDesk (or from tampering), and dropping it would lose what someone
    wrote."""
    if not text:
        return {}
    raw = _read(text)
    unknown = sorted(name for name in raw if name not in _KINDS)
    if unknown:
        raise NewerAnswers(
            "they answer a question this version of VisitDesk does not ask ("
            + ", ".join(unknown[:3])
            + "): they were written by a newer VisitDesk; update VisitDesk to read them"
        )
    return {name: _check(name, value) for name, value in raw.items()}


def _known_and_kept(text: str | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """This installation's own answers: those it knows, and (kept untouched) any a newer
    VisitDesk wrote here before this one was put back."""
    if not text:
        return {}, {}
    raw = _read(text)
    known = {n: _check(n, v) for n, v in raw.items() if n in _KINDS}
    return known, {n: v for n, v in raw.items() if n not in _KINDS}


def known_answers(text: str | None) -> dict[str, Any]:
    """A stored record's answers to the fields this version knows (any a newer VisitDesk
    wrote here are left out, and left in place)."""
    return _known_and_kept(text)[0]


def dump_answers(values: Mapping[str, Any], kept: Mapping[str, Any] | None = None) -> str:
    """The ``answers`` text for ``values``: recorded answers only, keys sorted, so the same
    answers always give the same text (and hash). ``kept`` are answers this version does
    not know, written back as they were."""
    out = dict(kept or {})
    for name in catalogue.ANSWER_FIELDS:
        value = values.get(name)
        if catalogue.recorded(value):
            out[name] = value.isoformat() if isinstance(value, datetime) else value
    if not out:
        return ""
    return json.dumps(out, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def normalised(text: str) -> str:
    """An arriving record's answers, checked, in the one form this installation stores."""
    return dump_answers(parse_answers(text))


def values_of(visit: Any) -> dict[str, Any]:
    """Every stored field of ``visit`` (a Visit row), by catalogue name."""
    values = {name: getattr(visit, name) for name in catalogue.COLUMN_FIELDS}
    answers, _kept = _known_and_kept(visit.answers)
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
        current, kept = _known_and_kept(visit.answers)
        current.update(later)
        visit.answers = dump_answers(current, kept)
