"""Every child's visit history read from the database as engine facts: plain rows from one
query generated from the field catalogue, never ORM objects, so thousands of children stay quick.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from visitdesk.services.facts import WRITTEN_UP
from visitdesk.services.workspace import Workspace
from visitdesk.standards import VisitFacts
from visitdesk.standards import fields as catalogue
from visitdesk.standards.case import visit_facts_from
from visitdesk.storage.answers import known_answers

# A record's lateness is judged by when it was first completed (a returned record keeps that
# time); each completion opens an authorisation task, so the earliest task is the first.
# The engine's fields as the caseload reads them, from the field catalogue: each column field
# as stored, except text, read only as whether it says something ("given"), so the caseload
# never reads what was written. Fields without a column come from the record's answers.
_FACT_COLUMNS = tuple(
    name
    for name in catalogue.ENGINE_FIELDS
    if catalogue.field(name).column and name != "visited_at"
)
_TEXT_FACTS = frozenset(n for n in _FACT_COLUMNS if catalogue.field(n).kind == "text")
_FLAG_FACTS = frozenset(n for n in _FACT_COLUMNS if catalogue.field(n).kind == "flag")
_ANSWER_FACTS = tuple(name for name in catalogue.ENGINE_FIELDS if name in catalogue.ANSWER_FIELDS)
_TEXT_ANSWERS = frozenset(n for n in _ANSWER_FACTS if catalogue.field(n).kind == "text")
# Text that is only white space says nothing, as the engine reads it (str.strip): the
# white-space characters Python strips, for SQLite's trim().
_SPACE = (
    "char("
    + ",".join(
        str(c)
        for c in (
            9,
            10,
            11,
            12,
            13,
            28,
            29,
            30,
            31,
            32,
            133,
            160,
            5760,
            *range(8192, 8203),
            8232,
            8233,
            8239,
            8287,
            12288,
        )
    )
    + ")"
)
_VISIT_SQL = (
    "SELECT v.child_id, v.visited_at, v.id, v.state, coalesce(t.first_done, v.completed_at),"
    " v.conflict_of, v.answers, "
    + ", ".join(
        f"trim(v.{n}, {_SPACE}) != ''" if n in _TEXT_FACTS else f"v.{n}" for n in _FACT_COLUMNS
    )
    + " FROM visits v"
    " LEFT JOIN (SELECT visit_id, min(created_at) AS first_done FROM authorisation_tasks"
    " GROUP BY visit_id) t ON t.visit_id = v.id"
)


def _facts_of_row(row: tuple) -> dict[str, object]:
    """The engine's values of one row of ``_VISIT_SQL`` (past its first seven columns)."""
    values: dict[str, object] = {}
    for name, value in zip(_FACT_COLUMNS, row[7:], strict=True):
        if value is None:
            values[name] = None
        elif name in _TEXT_FACTS:
            values[name] = "given" if value else None
        elif name in _FLAG_FACTS:
            values[name] = bool(value)
        else:
            values[name] = value
    if row[6] and _ANSWER_FACTS:
        given = known_answers(row[6])
        for name in _ANSWER_FACTS:
            value = given.get(name)
            if name in _TEXT_ANSWERS:
                value = "given" if value and value.strip() else None
            values[name] = value
    return values


@dataclass(slots=True)
class _History:
    visits: dict[str, list[VisitFacts]]
    drafts: dict[str, int]
    returned: dict[str, int]
    conflicts: dict[str, int]


def _read_visits(ws: Workspace, child_id: str | None = None) -> _History:
    """Every child's history (or one child's) as engine facts, read as plain rows (not ORM
    objects) for speed."""
    visits: dict[str, list[VisitFacts]] = defaultdict(list)
    drafts: dict[str, int] = defaultdict(int)
    returned: dict[str, int] = defaultdict(int)
    conflicts: dict[str, int] = defaultdict(int)
    parse = datetime.fromisoformat
    sql = _VISIT_SQL
    params: tuple = ()
    if child_id is not None:
        sql += " WHERE v.child_id = ?"
        params = (child_id,)
    with ws.db.engine.connect() as conn:
        rows = conn.exec_driver_sql(sql + " ORDER BY v.child_id, v.visited_at", params).fetchall()
    for row in rows:
        cid, at, vid, state, done, conflict_of = row[:6]
        if conflict_of is not None:
            conflicts[cid] += 1  # a copy kept beside the record: the worker chooses one
            continue
        completed = state in WRITTEN_UP
        if state == "draft":
            drafts[cid] += 1
        elif state == "returned":
            returned[cid] += 1
        visits[cid].append(
            visit_facts_from(
                _facts_of_row(row),
                id=vid,
                visited_at=parse(at),
                completed=completed,
                recorded_at=parse(done) if completed and done else None,
            )
        )
    return _History(visits, drafts, returned, conflicts)
