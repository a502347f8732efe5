"""The worker's caseload in and out through the authority's case-system mapping: a caseload
CSV as the case system exports it is previewed, then applied in one transaction; and this
installation's own children are written back in the same form.

An import matches children by case reference among this installation's own children, adds
the new ones and updates the rest; it never deletes a child and never touches a visit record.
A file with any bad row is refused whole (:class:`CaseloadRefused`). The rules are in
docs/case-systems.md; the file itself is read in ``caseload_csv_read``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitdesk.errors import UserError
from visitdesk.fileio import check_export_target, write_atomically
from visitdesk.services import households
from visitdesk.services.caseload_csv_format import (
    WHAT,
    CaseloadFile,
    CaseloadRefused,
    CaseloadRow,
    date_text,
    flags_text,
    read_caseload_file,
    write_caseload,
)
from visitdesk.services.caseload_csv_match import Outcome, Update, decide, plan_flags, plan_now
from visitdesk.services.caseload_csv_read import parse_caseload
from visitdesk.services.changes import Changes
from visitdesk.services.workspace import Workspace
from visitdesk.standards.case_system import CaseSystemMapping, load_mapping
from visitdesk.storage.models import Child, Plan, new_id

__all__ = [
    "CaseloadExport",
    "CaseloadRefused",
    "ImportPlan",
    "ImportedChild",
    "apply_import",
    "caseload_csv",
    "export_caseload",
    "mapping_of",
    "preview_import",
    "read_caseload_file",
]


def mapping_of(ws: Workspace) -> CaseSystemMapping:
    """The case-system mapping of this installation's authority (VisitDesk's own if none)."""
    return load_mapping(ws.identity.authority_id)


@dataclass(frozen=True, slots=True)
class ImportedChild:
    """A child as the preview lists them."""

    case_reference: str
    name: str
    line: int = 0  # the row in the file; 0 for a child not in it
    child_id: str = ""  # "" for a child the import adds
    changes: tuple[str, ...] = ()  # what an update changes, in words
    plan: str = ""  # the plan type
    plan_start: date | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.child_id or None,
            "case_reference": self.case_reference,
            "name": self.name,
        }
        if self.line:
            out["line"] = self.line
        if self.plan:
            out["plan"] = self.plan
            out["plan_start"] = self.plan_start.isoformat() if self.plan_start else None
        if self.changes:
            out["changes"] = list(self.changes)
        return out


@dataclass(frozen=True)
class ImportPlan:
    """What importing a caseload file would do; nothing has changed yet."""

    name: str
    mapping: CaseSystemMapping = field(repr=False)
    encoding: str
    new: tuple[ImportedChild, ...]
    updated: tuple[ImportedChild, ...]
    unchanged: tuple[ImportedChild, ...]
    kept: tuple[ImportedChild, ...]  # on this caseload and not in the file: kept as they are
    file: CaseloadFile = field(repr=False)

    @property
    def system(self) -> str:
        """The case system, as the app names it."""
        return self.mapping.title

    @property
    def changes_anything(self) -> bool:
        return bool(self.new or self.updated)

    def counts(self) -> dict[str, int]:
        return {
            "new": len(self.new),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "kept": len(self.kept),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.name,
            "mapping": self.mapping.id,
            "system": self.system,
            "encoding": self.encoding,
            "counts": self.counts(),
            "new": [c.to_json() for c in self.new],
            "updated": [c.to_json() for c in self.updated],
            "unchanged": [c.to_json() for c in self.unchanged],
            "kept": [c.to_json() for c in self.kept],
        }

    def _key(self) -> tuple:
        return (
            tuple(c.case_reference for c in self.new),
            tuple((c.child_id, c.changes) for c in self.updated),
            tuple(c.child_id for c in self.unchanged),
        )


# --- working out what an import does ------------------------------------------------------


def _imported(
    row: CaseloadRow, child: Child | None = None, words: list[str] | tuple[str, ...] = ()
) -> ImportedChild:
    return ImportedChild(
        case_reference=row.case_reference,
        name=row.name,
        line=row.line,
        child_id=child.id if child is not None else "",
        changes=tuple(words),
        plan=row.plan_type,
        plan_start=row.plan_start,
    )


def _plan_of(file: CaseloadFile, outcome: Outcome, mapping: CaseSystemMapping) -> ImportPlan:
    return ImportPlan(
        name=file.name,
        mapping=mapping,
        encoding=file.encoding,
        new=tuple(_imported(row) for row in outcome.new),
        updated=tuple(_imported(u.row, u.child, u.words) for u in outcome.updates),
        unchanged=tuple(_imported(row, child) for row, child in outcome.unchanged),
        kept=tuple(
            ImportedChild(c.case_reference, c.full_name, child_id=c.id) for c in outcome.kept
        ),
        file=file,
    )


def preview_import(
    ws: Workspace, data: bytes, name: str, *, mapping: CaseSystemMapping | None = None
) -> ImportPlan:
    """What importing the caseload file ``data`` (called ``name``) would do, read through
    this installation's mapping (or ``mapping``); refused whole (:class:`CaseloadRefused`)
    when any row is bad. Nothing changes."""
    mapping = mapping or mapping_of(ws)
    file = parse_caseload(data, name, mapping.caseload, ws.today())
    with ws.db.sessions() as session:
        outcome = decide(ws, session, file, mapping)
        if outcome.problems:
            raise CaseloadRefused(name, [p for _line, p in outcome.problems])
        return _plan_of(file, outcome, mapping)


# --- applying it --------------------------------------------------------------------------


def _add(ws: Workspace, session: Session, row: CaseloadRow) -> str:
    now, today = ws.now(), ws.today()
    child = Child(
        id=new_id(),
        given_name=row.given_name,
        family_name=row.family_name,
        date_of_birth=row.date_of_birth,
        expected_birth_date=row.expected_birth_date,
        case_reference=row.case_reference,
        address=row.address,
        household_id=row.household,
        household_since=None if row.household is None else today,
        region=ws.identity.region,
        origin_device=ws.identity.device_id,
        created_at=now,
        updated_at=now,
    )
    session.add(child)
    session.add(
        Plan(
            id=new_id(),
            child_id=child.id,
            plan_type=row.plan_type,
            start_date=row.plan_start,
            updated_at=now,
            **row.plan_values(),
        )
    )
    ws.audit(session, "create", "child", child.id, "imported")
    return child.id


def _update(ws: Workspace, session: Session, update: Update, file: CaseloadFile) -> None:
    now, child, row = ws.now(), update.child, update.row
    if update.child_values:
        for key, value in update.child_values.items():
            setattr(child, key, value)
        child.revision += 1
        child.updated_at = now
    old = update.current
    if update.plan == "in_place" and old is not None:
        for key, value in update.plan_values.items():
            setattr(old, key, value)
        old.revision += 1
        old.updated_at = now
        ws.audit(session, "change", "plan", old.id, "imported")
    elif update.plan == "new":
        if old is not None and (old.end_date is None or old.end_date >= row.plan_start):
            old.end_date = row.plan_start - timedelta(days=1)
            old.revision += 1
            old.updated_at = now
            ws.audit(session, "change", "plan", old.id, "ended by an import")
        plan = Plan(
            id=new_id(),
            child_id=child.id,
            plan_type=row.plan_type,
            start_date=row.plan_start,
            updated_at=now,
            **update.plan_values,
        )
        session.add(plan)
        ws.audit(session, "create", "plan", plan.id, "imported")
    if update.household is not None:
        try:
            households._move(ws, session, child, update.household, ws.today())
        except UserError as exc:
            column = f"line {row.line}, column '{file.headings['household']}'"
            raise CaseloadRefused(file.name, [f"{column}: {exc}"]) from None
    ws.audit(session, "change", "child", child.id, "imported: " + ",".join(update.fields))


def apply_import(ws: Workspace, plan: ImportPlan) -> Changes:
    """Make the changes ``plan`` previewed, in one transaction, after checking them again
    against the database; refused, with nothing changed, if they are no longer the same."""
    mapping = plan.mapping
    with ws.db.transaction() as session:
        outcome = decide(ws, session, plan.file, mapping)
        if outcome.problems:
            raise CaseloadRefused(plan.name, [p for _line, p in outcome.problems])
        if _plan_of(plan.file, outcome, mapping)._key() != plan._key():
            raise UserError(
                f"the caseload changed after {plan.name} was previewed, so nothing was "
                "imported; preview the import again"
            )
        made = [_add(ws, session, row) for row in outcome.new]
        for update in outcome.updates:
            _update(ws, session, update, plan.file)
        counts = (
            f"{len(outcome.new)} new, {len(outcome.updates)} updated, "
            f"{len(outcome.unchanged)} unchanged, {len(outcome.kept)} kept"
        )
        ws.audit(session, "import_caseload", "caseload", "", counts)
    changed = [u.child.id for u in outcome.updates]
    return Changes.of(children=[*made, *changed], caseload=bool(made))


# --- export -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseloadExport:
    children: int  # written
    left_out: int  # with no case reference or no plan, so not written


def _rows(ws: Workspace, mapping: CaseSystemMapping) -> tuple[list[dict[str, str]], int]:
    caseload = mapping.caseload
    device = ws.identity.device_id
    rows, left_out = [], 0
    with ws.db.sessions() as session:
        plans: dict[str, list[Plan]] = defaultdict(list)
        for plan in session.scalars(select(Plan)):
            plans[plan.child_id].append(plan)
        query = select(Child).order_by(Child.family_name, Child.given_name, Child.case_reference)
        for child in session.scalars(query):
            if child.origin_device and child.origin_device != device:
                continue  # another worker's child, on a manager's installation
            plan = plan_now(plans[child.id], ws.today())
            if plan is None or not child.case_reference.strip():
                left_out += 1
                continue
            every = "" if plan.visit_every is None else str(plan.visit_every)
            unit = "" if plan.visit_unit is None else caseload.unit_word(plan.visit_unit)
            rows.append(
                {
                    "case_reference": child.case_reference,
                    "given_name": child.given_name,
                    "family_name": child.family_name,
                    "date_of_birth": date_text(child.date_of_birth, caseload),
                    "expected_birth_date": date_text(child.expected_birth_date, caseload),
                    "plan": caseload.plan_code(plan.plan_type),
                    "plan_start": date_text(plan.start_date, caseload),
                    "allocated_on": date_text(plan.allocated_on, caseload),
                    "visit_every": every,
                    "visit_unit": unit,
                    "visit_rationale": plan.visit_rationale if every else "",
                    "household": child.household_id or "",
                    "flags": flags_text(plan_flags(plan), caseload),
                    "address": child.address,
                }
            )
    return rows, left_out


def caseload_csv(ws: Workspace, *, mapping: CaseSystemMapping | None = None) -> bytes:
    """This installation's own children, each with their current plan, as a caseload file
    in the mapping's columns and codes (read back by :func:`preview_import`)."""
    mapping = mapping or mapping_of(ws)
    rows, _left_out = _rows(ws, mapping)
    return write_caseload(rows, mapping.caseload)


def export_caseload(
    ws: Workspace,
    out: str | Path,
    *,
    overwrite: bool = False,
    mapping: CaseSystemMapping | None = None,
) -> CaseloadExport:
    """Write the caseload file where the user chose (never in the data folder, over an
    existing file only with ``overwrite``), and note it in the audit trail."""
    mapping = mapping or mapping_of(ws)
    check_export_target(out, protected=(ws.data_dir,), overwrite=overwrite, what=WHAT)
    rows, left_out = _rows(ws, mapping)
    data = write_caseload(rows, mapping.caseload)
    write_atomically(out, data, what=WHAT, overwrite=overwrite, protected=(ws.data_dir,))
    with ws.db.transaction() as session:
        ws.audit(
            session,
            "export_caseload",
            "caseload",
            "",
            f"{len(rows)} {'child' if len(rows) == 1 else 'children'}, {mapping.id} mapping",
        )
    return CaseloadExport(len(rows), left_out)
