"""What a caseload import does to this installation's children: each row of the file
matched by case reference among the installation's own children, and compared with the child
and their current plan. Used by ``caseload_csv`` for the preview and again, inside the
import's transaction, to check and make the changes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitdesk.errors import UserError
from visitdesk.services import households
from visitdesk.services.caseload_csv_format import CaseloadFile, CaseloadRow
from visitdesk.services.facts import current_plan
from visitdesk.services.records import PlanInput
from visitdesk.services.workspace import Workspace
from visitdesk.standards.case import DCS_LEVELS
from visitdesk.standards.case_system import CaseSystemMapping
from visitdesk.storage.models import Child, Plan

BOOL_FLAGS = ("electively_home_educated", "regulation_24", "placement_until_18")


def day_text(value: date) -> str:
    return f"{value:%d/%m/%Y}"


@dataclass
class Update:
    row: CaseloadRow
    child: Child
    current: Plan | None
    child_values: dict[str, Any]  # attribute -> new value
    plan: str  # "" (as it is) | "in_place" | "new"
    plan_values: dict[str, Any]
    household: str | None  # the household to move to; None to stay
    words: list[str]
    fields: list[str]


@dataclass
class Outcome:
    new: list[CaseloadRow] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: list[tuple[CaseloadRow, Child]] = field(default_factory=list)
    kept: list[Child] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


def plan_now(plans: list[Plan], on: date) -> Plan | None:
    """The plan an import compares with and an export writes: the one in force (or next),
    else the latest that has ended."""
    found = current_plan(plans, on)
    if found is None and plans:
        found = max(plans, key=lambda p: p.start_date)
    return found


def _flag_values(row: CaseloadRow, old: Plan | None, mapping: CaseSystemMapping) -> dict:
    """The plan's flags after the import: a flag the case system has a code for (every flag,
    when the mapping names none) is as the file says; any other is set when the file names
    it by VisitDesk's own name and otherwise left as it was."""
    known = set(mapping.caseload.flags.values()) if mapping.caseload.flags else None
    values = row.plan_values()
    out = {}
    for name in BOOL_FLAGS:
        if known is None or name in known or name in row.flags or old is None:
            out[name] = values[name]
        else:
            out[name] = getattr(old, name)
    levels_known = known is None or any(f.startswith("dcs_level:") for f in known)
    if values["dcs_level"] is not None or levels_known or old is None:
        out["dcs_level"] = values["dcs_level"]
    else:
        out["dcs_level"] = old.dcs_level
    return out


def _plan_values(
    row: CaseloadRow, file: CaseloadFile, old: Plan | None, mapping: CaseSystemMapping
) -> dict[str, Any]:
    """The plan's settings after the import: from the file where it has the column, else as
    they were (a plan that follows another carries them on)."""
    values = row.plan_values()
    out: dict[str, Any] = {}
    if file.holds("allocated_on") or old is None:
        out["allocated_on"] = values["allocated_on"]
    else:
        out["allocated_on"] = old.allocated_on
    for name in ("visit_every", "visit_unit", "visit_rationale"):
        out[name] = values[name] if file.holds("visit_every") or old is None else getattr(old, name)
    if file.holds("flags") or old is None:
        out.update(_flag_values(row, old, mapping))
    else:
        out.update({n: getattr(old, n) for n in (*BOOL_FLAGS, "dcs_level")})
    return out


def _compare(
    ws: Workspace,
    row: CaseloadRow,
    child: Child,
    plans: list[Plan],
    file: CaseloadFile,
    mapping: CaseSystemMapping,
) -> Update | str:
    """What updating ``child`` from ``row`` changes, or why it cannot be done."""
    words: list[str] = []
    fields: list[str] = []
    values: dict[str, Any] = {}
    if (child.given_name, child.family_name) != (row.given_name, row.family_name):
        values.update(given_name=row.given_name, family_name=row.family_name)
        words.append("name")
        fields.append("name")
    if child.date_of_birth != row.date_of_birth:
        values["date_of_birth"] = row.date_of_birth
        words.append("date of birth")
        fields.append("date_of_birth")
    if child.expected_birth_date != row.expected_birth_date:
        values["expected_birth_date"] = row.expected_birth_date
        words.append("expected date")
        fields.append("expected_birth_date")
    if row.address and row.address != child.address:
        values["address"] = row.address
        words.append("address")
        fields.append("address")
    current = plan_now(plans, ws.today())
    plan, plan_values = "", {}
    if current is None:
        plan = "new"
        plan_values = _plan_values(row, file, None, mapping)
        words.append(f"plan {row.plan_type} from {day_text(row.plan_start)}")
    elif (current.plan_type, current.start_date) == (row.plan_type, row.plan_start):
        after = _plan_values(row, file, current, mapping)
        plan_values = {k: v for k, v in after.items() if getattr(current, k) != v}
        if plan_values:
            plan = "in_place"
        if "allocated_on" in plan_values:
            words.append("allocation date")
        if plan_values.keys() & {"visit_every", "visit_unit", "visit_rationale"}:
            words.append("visit interval")
        if plan_values.keys() & {*BOOL_FLAGS, "dcs_level"}:
            words.append("flags")
    elif row.plan_start > current.start_date:
        plan = "new"
        plan_values = _plan_values(row, file, current, mapping)
        words.append(f"plan {current.plan_type} -> {row.plan_type} from {day_text(row.plan_start)}")
    else:
        return (
            f"the {row.plan_type} plan from {day_text(row.plan_start)} does not start after the "
            f"{current.plan_type} plan VisitDesk holds (from {day_text(current.start_date)}); "
            "change it in VisitDesk"
        )
    if plan:
        fields.append("plan")
    household = None
    if row.household is not None and row.household != child.household_id:
        household = row.household
        words.append("household")
        fields.append("household")
    return Update(row, child, current, values, plan, plan_values, household, words, fields)


def _check_plan(row: CaseloadRow, values: dict[str, Any]) -> str:
    try:
        PlanInput(plan_type=row.plan_type, start_date=row.plan_start, **values).validate()
    except UserError as exc:
        return str(exc)
    return ""


def decide(
    ws: Workspace, session: Session, file: CaseloadFile, mapping: CaseSystemMapping
) -> Outcome:
    device = ws.identity.device_id
    children = list(session.scalars(select(Child)))
    plans: dict[str, list[Plan]] = defaultdict(list)
    for plan in session.scalars(select(Plan)):
        plans[plan.child_id].append(plan)
    own: dict[str, list[Child]] = defaultdict(list)
    others: set[str] = set()
    for child in children:
        if not child.origin_device or child.origin_device == device:
            own[child.case_reference].append(child)
        elif child.case_reference:
            others.add(child.case_reference)
    outcome = Outcome()
    heading = file.headings["case_reference"]
    for row in file.rows:
        ref = row.case_reference
        where = f"line {row.line}, column '{heading}'"
        if ref in others:
            outcome.problems.append(
                (
                    row.line,
                    f"{where}: {ref} is a child on another worker's caseload; only "
                    "their own installation imports them",
                )
            )
            continue
        mine = own.get(ref, [])
        if len(mine) > 1:
            outcome.problems.append(
                (
                    row.line,
                    f"{where}: {len(mine)} children on this caseload have the case "
                    f"reference {ref}; give each its own in VisitDesk first",
                )
            )
            continue
        if not mine:
            problem = _check_plan(row, row.plan_values())
            if problem:
                outcome.problems.append((row.line, f"line {row.line}: {problem}"))
            else:
                outcome.new.append(row)
            continue
        found = _compare(ws, row, mine[0], plans[mine[0].id], file, mapping)
        if isinstance(found, str):
            column = file.headings["plan_start"]
            outcome.problems.append((row.line, f"line {row.line}, column '{column}': {found}"))
            continue
        problem = _check_plan(row, _plan_values(row, file, found.current, mapping))
        if problem:
            outcome.problems.append((row.line, f"line {row.line}: {problem}"))
        elif found.words:
            outcome.updates.append(found)
        else:
            outcome.unchanged.append((row, mine[0]))
    in_file = {row.case_reference for row in file.rows}
    outcome.kept = sorted(
        (c for ref, group in own.items() if ref not in in_file for c in group),
        key=lambda c: (c.family_name.casefold(), c.given_name.casefold(), c.case_reference),
    )
    _check_households(outcome, children, file)
    outcome.problems.sort(key=lambda p: p[0])
    return outcome


def _check_households(outcome: Outcome, children: list[Child], file: CaseloadFile) -> None:
    """No household grows past what any household holds, as joining one in the app refuses;
    the first row in the file that brings a child into a household too big is named."""
    moving = {u.child.id: u.household for u in outcome.updates if u.household is not None}
    count: dict[str, int] = defaultdict(int)
    for child in children:
        household = moving.get(child.id, child.household_id)
        if household is not None:
            count[household] += 1
    joining = [(row.line, row.household) for row in outcome.new if row.household is not None]
    joining += [(u.row.line, u.household) for u in outcome.updates if u.household is not None]
    for row in outcome.new:
        if row.household is not None:
            count[row.household] += 1
    named: set[str] = set()
    for line, household in sorted(joining):
        if count[household] > households.MAX_HOUSEHOLD and household not in named:
            named.add(household)
            outcome.problems.append(
                (
                    line,
                    f"line {line}, column '{file.headings['household']}': a household holds "
                    f"at most {households.MAX_HOUSEHOLD} children, and this one would have "
                    f"{count[household]}; check the household references",
                )
            )


def plan_flags(plan: Plan) -> frozenset[str]:
    """The caseload flags a stored plan carries."""
    found = {name for name in BOOL_FLAGS if getattr(plan, name)}
    level = plan.dcs_level
    if level in DCS_LEVELS:
        found.add(f"dcs_level:{level}")
    return frozenset(found)
