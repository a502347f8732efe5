"""A bundle's payload row by row: records turned into JSON to send, and JSON received checked
against the tables' columns, the allowed choices and the schema it was made with.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, LargeBinary

from visitdesk import limits
from visitdesk.errors import UserError
from visitdesk.services import dictionary
from visitdesk.services.households_history import history_text, is_id, parse_history
from visitdesk.standards import fields as catalogue
from visitdesk.storage.answers import MAX_ANSWERS_TEXT, AnswersError, NewerAnswers, normalised
from visitdesk.storage.models import (
    DCS_LEVELS,
    INTERVAL_UNITS,
    PLAN_TYPES,
    REGIONS,
    TASK_STATES,
    VISIT_STATES,
    Addendum,
    AuditEvent,
    AuthorisationTask,
    CaseSystemEntry,
    Child,
    Plan,
    Visit,
)
from visitdesk.sync._shared import is_device_id

# 2: plans carry meetings and holidays, visits an outcome, a contact and the check kept at
# completion. 3: visits carry their answers (the catalogue's fields without a column). 4:
# children carry since when they live in their household and the households before it, and
# visits the household visit they were part of. 5: children carry the plan for their next
# visit and visits the plan carried into them (004 I.14), and a bundle carries its sender's
# personal dictionary words ("words"). 6: a worker's bundle carries when its records were
# entered in the authority's case system ("entries"). A bundle of an older schema (from a
# worker not yet updated) is still read, the columns and tables added since taken as empty; a
# build that knows only older schemas refuses a newer bundle and asks to be updated, so it
# never drops answers it cannot hold.
PAYLOAD_SCHEMA = 7
_READABLE_SCHEMAS = (1, 2, 3, 4, 5, 6, 7)
MAX_ACKS = 200
"""Schema 7 adds ``acks``: a worker acknowledges each manager of the team whose decisions it
holds (they may reach it through the hub), by that manager's device id."""
# The schema that first carried the case-system entries; an older bundle has none.
ENTRIES_SCHEMA = 6
_ADDED_IN: dict[int, dict[tuple[str, str], Any]] = {
    2: {
        ("plans", "meetings"): "",
        ("plans", "holidays"): "",
        ("visits", "outcome"): None,
        ("visits", "contact"): None,
        ("visits", "completion_check"): "",
    },
    3: {("visits", "answers"): ""},
    4: {
        ("children", "household_since"): None,
        ("children", "household_history"): "",
        ("visits", "household_visit"): None,
    },
    5: {("children", "next_visit_plan"): "", ("visits", "visit_plan"): ""},
}
# Columns holding a visit plan (a JSON object of its parts), read strictly.
_PLAN_COLUMNS = {("children", "next_visit_plan"), ("visits", "visit_plan")}
# Columns holding an id another row of the team can share (a household, a household visit):
# the form this installation gives ids, never free text.
_ID_COLUMNS = {("children", "household_id"), ("visits", "household_visit")}
# Columns that describe this installation's own bookkeeping, never sent.
_LOCAL_COLUMNS = {"change_seq", "synced_hash"}
_TABLES: dict[str, type] = {
    "children": Child,
    "plans": Plan,
    "visits": Visit,
    "addenda": Addendum,
    "tasks": AuthorisationTask,
}
# A case-system entry as it travels: the device that made the mark is the receiver's to
# record (the enrolled device whose key signed the bundle), so it is never sent.
_ENTRY_COLUMNS = ("visit_id", "entered_on", "entered_by", "marked_at")
_MODELS: dict[str, type] = {**_TABLES, "entries": CaseSystemEntry}
_ENUMS: dict[tuple[str, str], tuple[str | None, ...]] = {
    ("plans", "plan_type"): PLAN_TYPES,
    ("visits", "state"): VISIT_STATES,
    # A visit's choices, as the field catalogue gives them.
    **{
        ("visits", name): (*values, None)
        for name, values in catalogue.CHOICES.items()
        if catalogue.field(name).column
    },
    ("plans", "visit_unit"): (*INTERVAL_UNITS, None),
    ("plans", "dcs_level"): (*DCS_LEVELS, None),
    ("children", "region"): REGIONS,
    ("tasks", "state"): TASK_STATES,
}


def _columns(model: type) -> list:
    if model is CaseSystemEntry:
        return [model.__table__.columns[name] for name in _ENTRY_COLUMNS]
    return [c for c in model.__table__.columns if c.key not in _LOCAL_COLUMNS]


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _row(obj: Any) -> dict[str, Any]:
    return {c.key: _to_json(getattr(obj, c.key)) for c in _columns(type(obj))}


class _Invalid(Exception):
    pass


def _from_json(table: str, column: Any, value: Any) -> Any:
    where = f"{table}.{column.key}"
    if value is None:
        if not column.nullable:
            raise _Invalid(f"{where} is missing")
        return None
    kind = column.type
    try:
        if isinstance(kind, DateTime):
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is not None:
                # Times are local as the worker lived them; one with a zone cannot be
                # compared with this installation's clock.
                raise _Invalid(f"{where} is not a local date and time")
            return moment
        if isinstance(kind, Date):
            return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _Invalid(f"{where} is not a valid date") from None
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise _Invalid(f"{where} is not yes or no")
        return value
    if isinstance(kind, Integer):
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Invalid(f"{where} is not a whole number")
        if not 0 <= value <= limits.MAX_SEQUENCE:
            raise _Invalid(f"{where} is out of range")
        return value
    if isinstance(kind, LargeBinary):
        raise _Invalid(f"{where} cannot be sent")
    if not isinstance(value, str):
        raise _Invalid(f"{where} is not text")
    longest = getattr(kind, "length", None) or limits.MAX_TEXT_FIELD
    if table == "visits" and column.key in catalogue.TEXT_FIELDS:
        # What a worker wrote is held to the text limit, whatever length the column was
        # declared with (the database holds any length; the form never cut it short).
        longest = limits.MAX_TEXT_FIELD
    if (table, column.key) == ("visits", "answers"):
        longest = MAX_ANSWERS_TEXT  # each answer is held to its own limit when read
    if len(value) > longest:
        raise _Invalid(f"{where} is longer than {longest} characters")
    allowed = _ENUMS.get((table, column.key))
    if allowed is not None and value not in allowed:
        raise _Invalid(f"{where} has an unknown value")
    if (table, column.key) in _ID_COLUMNS and not is_id(value):
        raise _Invalid(f"{where} is not an id")
    if (table, column.key) == ("children", "household_history"):
        try:
            return history_text(parse_history(value))
        except ValueError as exc:
            raise _Invalid(f"{where}: {exc}") from None
    if (table, column.key) in _PLAN_COLUMNS:
        from visitdesk.services.visit_plans import parse_plan, plan_text

        try:
            return plan_text(parse_plan(value))
        except UserError as exc:
            raise _Invalid(f"{where}: {exc}") from None
    if (table, column.key) == ("visits", "answers"):
        # Every name known, every value of its field's kind; kept in the one form this
        # installation writes, so the same answers are always the same text.
        try:
            return normalised(value)
        except NewerAnswers:
            raise UserError(
                "this bundle was made by a newer VisitDesk (its records answer questions "
                "this version does not ask); please update VisitDesk to import it"
            ) from None
        except AnswersError as exc:
            raise _Invalid(f"{where}: {exc}") from None
    return value


def _parse_rows(table: str, rows: Any, schema: int = PAYLOAD_SCHEMA) -> list[dict[str, Any]]:
    if not isinstance(rows, list):
        raise _Invalid(f"{table} is not a list")
    model = _MODELS[table]
    columns = _columns(model)
    # What a bundle of an older schema cannot hold, taken as empty.
    added = {
        c: v
        for version, columns in _ADDED_IN.items()
        if schema < version
        for (t, c), v in columns.items()
        if t == table
    }
    out = []
    for n, row in enumerate(rows):
        if not isinstance(row, dict):
            raise _Invalid(f"{table}[{n}] is not a record")
        try:
            out.append(
                {
                    c.key: added[c.key] if c.key in added else _from_json(table, c, row.get(c.key))
                    for c in columns
                }
            )
        except _Invalid as exc:
            raise _Invalid(f"{exc} (record {n + 1})") from None
    return out


def _refuse(detail: str) -> UserError:
    return UserError(
        f"this bundle holds something VisitDesk cannot read ({detail}); nothing was imported"
    )


def _parse_payload(raw: bytes) -> dict[str, Any]:
    try:
        data = limits.parse_json(raw, max_values=limits.MAX_BUNDLE_VALUES)
    except ValueError as exc:
        raise _refuse(f"its contents are not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise _refuse("its contents are not a JSON object")
    schema = data.get("schema")
    if isinstance(schema, bool) or schema not in _READABLE_SCHEMAS:
        raise UserError(
            "this bundle was made by a newer VisitDesk; please update VisitDesk to import it"
        )
    out: dict[str, Any] = {"kind": data.get("kind")}
    rows = sum(len(v) for k, v in data.items() if isinstance(v, list))
    if rows > limits.MAX_BUNDLE_ROWS:
        raise _refuse(
            f"it holds {rows} rows, more than the {limits.MAX_BUNDLE_ROWS} a bundle may carry"
        )
    try:
        for key in ("high_water", "audit_high_water"):
            value = data.get(key)
            if (
                not isinstance(value, int)
                or isinstance(value, bool)
                or not 0 <= value <= limits.MAX_SEQUENCE
            ):
                raise _Invalid(f"{key} is not a whole number in range")
            out[key] = value
        ack = data.get("ack")
        if not isinstance(ack, dict) or not all(
            isinstance(ack.get(k), int)
            and not isinstance(ack.get(k), bool)
            and 0 <= ack[k] <= limits.MAX_SEQUENCE
            for k in ("sequence", "high_water", "audit_high_water")
        ):
            raise _Invalid("the acknowledgement is malformed")
        out["ack"] = ack
        out["acks"] = _parse_acks(data.get("acks", {}))
        head = data.get("audit_head")
        if head is not None:
            if (
                not isinstance(head, dict)
                or not isinstance(head.get("seq"), int)
                or isinstance(head.get("seq"), bool)
                or not 0 <= head["seq"] <= limits.MAX_SEQUENCE
                or not isinstance(head.get("hash"), str)
                or not re.fullmatch(r"[0-9a-f]{64}", head["hash"])
            ):
                raise _Invalid("the audit head is malformed")
        out["audit_head"] = head
        for table in _TABLES:
            out[table] = _parse_rows(table, data.get(table, []), schema)
        audit = data.get("audit", [])
        if not isinstance(audit, list):
            raise _Invalid("audit is not a list")
        columns = _columns(AuditEvent)
        out["audit"] = [
            {c.key: _from_json("audit", c, row.get(c.key)) for c in columns}
            if isinstance(row, dict)
            else _bad_row()
            for row in audit
        ]
        try:
            out["words"] = dictionary.parse_changes(data.get("words", []))
        except UserError as exc:
            raise _Invalid(str(exc)) from None
        entries = data.get("entries", [])
        if schema < ENTRIES_SCHEMA:
            if entries != []:
                raise _Invalid(f"entries in a bundle of schema {schema}, which has none")
            entries = []
        out["entries"] = _parse_rows("entries", entries, schema)
    except _Invalid as exc:
        raise _refuse(str(exc)) from None
    return out


def _is_ack(ack: Any) -> bool:
    return (
        isinstance(ack, dict)
        and set(ack) == {"sequence", "high_water", "audit_high_water"}
        and all(
            isinstance(ack[k], int)
            and not isinstance(ack[k], bool)
            and 0 <= ack[k] <= limits.MAX_SEQUENCE
            for k in ack
        )
    )


def _parse_acks(acks: Any) -> dict[str, dict[str, int]]:
    if not isinstance(acks, dict) or len(acks) > MAX_ACKS:
        raise _Invalid("the acknowledgements are malformed")
    for device_id, ack in acks.items():
        if not is_device_id(device_id) or not _is_ack(ack):
            raise _Invalid("an acknowledgement is malformed")
    return acks


def _bad_row() -> dict:
    raise _Invalid("an audit entry is not a record")


def _check_counts(payload: dict[str, Any], counts: dict[str, int]) -> None:
    """The signed manifest's counts bind only if the payload holds exactly that many."""
    held = {table: len(payload[table]) for table in (*_TABLES, "audit")}
    for optional in ("words", "entries"):
        if payload[optional] or optional in counts:
            held[optional] = len(payload[optional])
    if "decisions" in counts:
        counts = {("tasks" if k == "decisions" else k): v for k, v in counts.items()}
    for table, n in held.items():
        if counts.get(table, 0) != n:
            raise _refuse(f"its manifest counts {counts.get(table, 0)} {table} but it holds {n}")
    unknown = set(counts) - set(held)
    if unknown:
        raise _refuse(f"its manifest counts {', '.join(sorted(unknown))}, which it cannot hold")
