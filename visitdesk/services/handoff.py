"""A record handed off to the authority's case system: its fields in the case system's own
names, codes and order (the keying assist shows them), and the hand-off pack written for
an authorised record: its PDF, a JSON file and one CSV row.

How each VisitDesk field becomes a case-system field is the authority's mapping
(``standards/case_system.py``); docs/handoff.md describes the pack.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from visitdesk.csvcells import guard_cell
from visitdesk.errors import UserError
from visitdesk.fileio import check_export_target, write_atomically
from visitdesk.services import export
from visitdesk.services.facts import current_plan
from visitdesk.services.ownership import NotFound
from visitdesk.services.records import latest_decision
from visitdesk.services.workspace import Workspace
from visitdesk.standards.case_system import load_mapping
from visitdesk.storage import answers
from visitdesk.storage.models import Child, Plan, Visit

PACK_FORMAT = "visitdesk-handoff"
PACK_VERSION = 1
_STATE_WORDS = {
    "draft": "a draft",
    "completed": "completed and waiting for authorisation",
    "returned": "returned for correction",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_LONGEST_STEM = 60  # of the case reference's part of a file name


@dataclass(frozen=True, slots=True)
class HandoffField:
    """One field of the case system's record, as it is keyed in."""

    name: str  # the case system's own name
    label: str  # what a person keying it in reads beside it
    value: str  # the value as the case system takes it ("" when not recorded)


@dataclass(frozen=True, slots=True)
class HandoffView:
    """A record as the authority's case system takes it, in the case system's order."""

    visit_id: str
    child_id: str
    child_name: str
    case_reference: str
    visited_on: date
    state: str
    mapping_id: str
    system: str
    title: str  # "Mosaic (a template for the council to fill in)"
    template: bool
    kind: str  # "case note", "workflow step", "form"...
    record_type: str  # the note type, step or form for the plan on the visit day ("" none)
    type_field: str  # the column the type goes into ("" none)
    fields: tuple[HandoffField, ...]
    authorised_by: str
    authorised_on: date | None

    @property
    def authorised(self) -> bool:
        return self.state == "authorised"


def _record_values(
    visit: Visit, child: Child, plan_type: str, record_type: str, decision: Any
) -> dict[str, Any]:
    """Every value a mapped field can be filled from: the record's stored fields by their
    catalogue names, and the record-level sources (``case_system.RECORD_SOURCES``)."""
    authorised = decision is not None and decision.state == "authorised"
    decided_at = decision.decided_at if authorised else None
    return {
        **answers.values_of(visit),
        "record_type": record_type,
        "visit_id": visit.id,
        "case_reference": child.case_reference,
        "child_name": child.full_name,
        "given_name": child.given_name,
        "family_name": child.family_name,
        "date_of_birth": child.date_of_birth,
        "plan": plan_type,
        "visit_date": visit.visited_at.date(),
        "visit_time": visit.visited_at,
        "worker": visit.created_by,
        "completed": visit.state in ("completed", "authorised"),
        "completed_on": visit.completed_at.date() if visit.completed_at else None,
        "authorised_by": decision.decided_by if authorised else "",
        "authorised_on": decided_at.date() if decided_at is not None else None,
    }


def record_fields(ws: Workspace, visit_id: str) -> HandoffView:
    """The record ``visit_id`` in the case system's fields, for any record (the keying
    assist shows a draft's too); only an authorised one is written as a pack."""
    mapping = load_mapping(ws.identity.authority_id)
    with ws.db.sessions() as session:
        visit = session.get(Visit, visit_id)
        if visit is None or visit.conflict_of is not None:
            raise NotFound(f"no visit record with id {visit_id}")
        child = session.get(Child, visit.child_id)
        plans = list(session.scalars(select(Plan).where(Plan.child_id == visit.child_id)))
        plan = current_plan(plans, visit.visited_at.date())
        plan_type = plan.plan_type if plan is not None else ""
        record_type = mapping.record.types.get(plan_type, "")
        decision = latest_decision(session, visit.id)
        values = _record_values(visit, child, plan_type, record_type, decision)
        return HandoffView(
            visit_id=visit.id,
            child_id=child.id,
            child_name=child.full_name,
            case_reference=child.case_reference,
            visited_on=visit.visited_at.date(),
            state=visit.state,
            mapping_id=mapping.id,
            system=mapping.system,
            title=mapping.title,
            template=mapping.template,
            kind=mapping.record.kind,
            record_type=record_type,
            type_field=mapping.record.type_field,
            fields=tuple(
                HandoffField(f.name, f.label, f.value(values)) for f in mapping.record.fields
            ),
            authorised_by=values["authorised_by"],
            authorised_on=values["authorised_on"],
        )


# --- the pack -----------------------------------------------------------------------------


def pack_stem(view: HandoffView) -> str:
    """The pack's file name before its ending: ``<case ref or child id>-<visit day>-<first 8
    of the record id>``, of letters, digits, hyphens and underscores only."""
    ref = _UNSAFE.sub("", view.case_reference).lstrip("-_")[:_LONGEST_STEM]
    who = ref or _UNSAFE.sub("", view.child_id)
    return f"{who}-{view.visited_on.isoformat()}-{_UNSAFE.sub('', view.visit_id)[:8]}"


def pack_json(view: HandoffView, made_at: datetime) -> bytes:
    """The pack's JSON file: the mapped fields in the case system's order, and what they are
    for."""
    data = {
        "format": PACK_FORMAT,
        "version": PACK_VERSION,
        "mapping_id": view.mapping_id,
        "system": view.system,
        "template": view.template,
        "kind": view.kind,
        "type_field": view.type_field,
        "type": view.record_type,
        "fields": [{"name": f.name, "label": f.label, "value": f.value} for f in view.fields],
        "visit_id": view.visit_id,
        "child_id": view.child_id,
        "authorised_by": view.authorised_by,
        "authorised_on": view.authorised_on.isoformat() if view.authorised_on else None,
        "made_at": made_at.isoformat(timespec="seconds"),
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def pack_csv(view: HandoffView) -> bytes:
    """The pack's CSV (UTF-8): a header of the case system's field names (the type's column
    first, when the mapping names one), then the record's one row."""
    header = [f.name for f in view.fields]
    row = [guard_cell(f.value) for f in view.fields]
    if view.type_field:
        header.insert(0, view.type_field)
        row.insert(0, guard_cell(view.record_type))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def write_pack(ws: Workspace, visit_id: str, folder: Path, *, overwrite: bool) -> list[Path]:
    """Write the hand-off pack of the authorised record ``visit_id`` into ``folder`` (made
    if missing, never inside the data folder): its PDF, JSON and CSV. Every target is checked
    before anything is written; an existing file is replaced only with ``overwrite``."""
    folder = Path(folder).expanduser()
    view = record_fields(ws, visit_id)
    if not view.authorised:
        state = _STATE_WORDS.get(view.state, view.state)
        raise UserError(
            f"this record is {state}; a hand-off pack is made only for an authorised record"
        )
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} is not a folder; choose a folder for the hand-off pack")
    stem = pack_stem(view)
    targets = [folder / f"{stem}{ending}" for ending in (".pdf", ".json", ".csv")]
    # All checked before the folder is made: nothing goes inside VisitDesk's data folder.
    for target in targets:
        check_export_target(
            target, protected=(ws.data_dir,), overwrite=overwrite, what="hand-off file"
        )
    contents = [export.visit_pdf(ws, visit_id), pack_json(view, ws.now()), pack_csv(view)]
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"the folder {folder} could not be made ({exc.strerror})") from None
    made: list[Path] = []
    try:
        for target, data in zip(targets, contents, strict=True):
            existed = target.exists()
            write_atomically(
                target,
                data,
                what="hand-off file",
                overwrite=overwrite,
                protected=(ws.data_dir,),
            )
            if not existed:
                made.append(target)
    except UserError:
        # A pack is whole or not there: the files this call made go again.
        for target in made:
            with contextlib.suppress(OSError):
                target.unlink()
        raise
    with ws.db.transaction() as session:
        ws.audit(session, "handoff", "visit", visit_id, "pdf, json, csv")
    return targets
