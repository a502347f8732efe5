"""What a validly signed bundle may do: roles bound to keys, ownership and final content.

A signature proves which enrolled device sent a bundle, never that what it says is allowed.
These rules decide that, from the sender's enrolled role and identity and from what this
installation already holds:

- A worker's device may send only its own children, plans and records, in the states a worker
  may set (draft, completed; a decision it echoes must be the one already held here), open
  authorisation tasks, and new addenda. It can never decide, nor change a decision.
- A manager's device may send only decisions, on tasks for records this installation sent;
  who decided is the enrolled manager, never a name in the payload.
- The content of a completed or authorised record never changes by sync: a different copy
  is kept beside it as a conflict to settle, and a worker can reopen a record only after the
  manager has returned it. The check kept from when a record was completed never changes.
- What a worker's bundle carries in a plan's meetings and holidays, and in a record's outcome,
  contact and completion check, is read as hostile until checked: well-formed, within the
  limits, of the right shape and values.
- A worker's marks that a record was entered in the case system are only for its own records
  authorised here (``sync_entries``); a manager's bundle carries none.

A bundle that breaks a rule is refused whole (:class:`Refused`), naming the rule; the caller
applies nothing. Applying is done here too, so the checks and the writes cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from visitdesk import limits
from visitdesk.errors import UserError
from visitdesk.services import sync_entries
from visitdesk.services.checks import parse_completion_check
from visitdesk.services.households import MAX_HOUSEHOLD
from visitdesk.services.households_history import parse_history
from visitdesk.services.meetings import PlanDataError, parse_holidays, parse_meetings
from visitdesk.services.records import FUTURE_GRACE, content_hash, content_hash_of
from visitdesk.standards.fields import SHARED_FIELDS
from visitdesk.storage import answers
from visitdesk.storage.models import (
    Addendum,
    AuthorisationTask,
    Child,
    Peer,
    Plan,
    Visit,
    new_id,
)

WORKER_VISIT_STATES = ("draft", "completed")
DECIDED = ("authorised", "returned")
# States in which a record has been completed at least once, so carries its completion check.
WRITTEN_UP = ("completed", "authorised", "returned")


class Refused(UserError):
    """A validly signed bundle asked for something its sender may not do."""

    def __init__(self, rule: str) -> None:
        super().__init__(f"this bundle was refused: {rule}; nothing was imported")
        self.rule = rule


@dataclass
class Applied:
    children: int = 0
    visits: int = 0
    conflicts: int = 0
    tasks: int = 0
    addenda: int = 0
    entries: int = 0
    decisions: list[dict[str, Any]] | None = None


def _existing(session: Session, model: type, keys: Iterable[str]) -> dict[str, Any]:
    """The rows already here among ``keys``, fetched in a few queries rather than one each."""
    pk = model.__table__.primary_key.columns.values()[0]
    keys = list(keys)
    found: dict[str, Any] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        for obj in session.scalars(select(model).where(pk.in_(chunk))):
            found[getattr(obj, pk.key)] = obj
    return found


def bulk_insert(session: Session, model: type, rows: list[dict[str, Any]]) -> None:
    # Plain bulk inserts: imported rows keep change_seq 0, so they are never sent back.
    for start in range(0, len(rows), 2000):
        session.execute(insert(model), rows[start : start + 2000])


def _short(value: str) -> str:
    return value[:8]


def _no_duplicates(table: str, rows: list[dict[str, Any]], key: str = "id") -> None:
    seen: set[Any] = set()
    for row in rows:
        if row[key] in seen:
            raise Refused(f"it lists the same {table} record ({_short(str(row[key]))}) twice")
        seen.add(row[key])


def _phrase(exc: Exception) -> str:
    # A fault found in hostile text may quote a piece of it; a refusal stays one short line.
    text = " ".join(str(exc).split())
    return text if len(text) <= 160 else text[:157] + "..."


# Two laptops' clocks may differ: a visit up to a day ahead of this one's clock is let in.
SYNC_CLOCK_ALLOWANCE = timedelta(days=1)


def check_worker_values(payload: dict[str, Any], now: datetime) -> None:
    """The values in a worker's children, plans and records that the schema alone cannot
    vouch for: the dates of a child's moves of household, a plan's meetings and holidays
    (JSON within a column), and a record's outcome, contact and completion check. Checked
    before anything is applied; :class:`Refused` naming the first fault."""
    for row in payload["plans"]:
        what = f"plan {_short(row['id'])}"
        every, unit = row["visit_every"], row["visit_unit"]
        longest = limits.MAX_VISIT_INTERVAL.get(unit or "", 0)
        if every is not None and not 1 <= every <= longest:
            raise Refused(f"{what} agrees a visiting interval VisitDesk cannot use")
        for column, parse in (("meetings", parse_meetings), ("holidays", parse_holidays)):
            try:
                parse(row[column])
            except PlanDataError as exc:
                raise Refused(
                    f"{what} holds {column} VisitDesk cannot accept ({_phrase(exc)})"
                ) from None
    latest_day = (now + SYNC_CLOCK_ALLOWANCE).date()
    for row in payload["children"]:
        what = f"child {_short(row['id'])}"
        # A move of household is recorded once it has happened, and dated only with one.
        if row["household_since"] is not None:
            if row["household_id"] is None:
                raise Refused(f"{what} joined a household on a date but lives in none")
            if row["household_since"] > latest_day:
                raise Refused(f"{what} joined their household on a day still to come")
        # Read strictly as the bundle was parsed; only the dates are left to check.
        stays = parse_history(row["household_history"])
        if stays and stays[-1].until > latest_day:
            raise Refused(f"{what} left a household on a day still to come")
    latest = now + FUTURE_GRACE + SYNC_CLOCK_ALLOWANCE
    for row in payload["visits"]:
        what = f"visit record {_short(row['id'])}"
        if row["visited_at"] > latest:
            raise Refused(
                f"{what} is dated later than now; a visit is recorded once it has "
                "happened (check the date on the sender's laptop)"
            )
        check = row["completion_check"]
        if check:
            if row["state"] not in WRITTEN_UP:
                raise Refused(f"{what} is a draft but carries a completion check")
            try:
                parse_completion_check(check)
            except (ValueError, TypeError) as exc:
                raise Refused(
                    f"{what} carries a completion check VisitDesk cannot read ({_phrase(exc)})"
                ) from None


def check_sender(peer: Peer, *, my_role: str, my_team: str, kind: str) -> None:
    """The sender's enrolled role must fit what this installation takes from it."""
    if my_role == "manager":
        if peer.relation not in ("member", "team") or peer.role != "worker":
            raise Refused("only a worker's enrolled device can send records to a manager")
        if kind != "records":
            raise Refused("a worker's device cannot send decisions")
        return
    # Only a manager whose card was enrolled here by hand (fingerprints compared) decides: a
    # manager met only through the hub is the hub's word, and a hub never decides.
    if peer.relation == "team" and peer.role == "manager":
        raise UserError(
            f"decisions from {peer.name} came through the hub, but {peer.name}'s card is not "
            "enrolled here: import it (Sync > Join a team) and compare fingerprints; they "
            "come again at the next sync"
        )
    if peer.relation != "manager" or peer.role != "manager":
        raise Refused("only this team's manager can send decisions")
    if my_team and peer.team and my_team.casefold() != peer.team.casefold():
        raise Refused(f"it comes from the manager of {peer.team}, not of {my_team}")
    if kind != "decisions":
        raise Refused("a manager's device sends only decisions")


# --- a worker's records, arriving at the manager ------------------------------------------


def apply_worker_bundle(
    session: Session, peer: Peer, payload: dict[str, Any], now: datetime
) -> Applied:
    sender = peer.device_id
    done = Applied()
    for table in ("children", "plans", "visits", "addenda", "tasks"):
        _no_duplicates(table, payload[table])

    # Children: the sender's own, new or already known to be theirs.
    child_rows = payload["children"]
    local_children = _existing(session, Child, (r["id"] for r in child_rows))
    for row in child_rows:
        if row["origin_device"] != sender:
            raise Refused(f"child {_short(row['id'])} is not on the sending worker's caseload")
        local = local_children.get(row["id"])
        # An unowned child (received before ownership was recorded) is claimed by its sender.
        if local is not None and local.origin_device not in (sender, ""):
            raise Refused(f"child {_short(row['id'])} is on another worker's caseload")
    theirs = {r["id"] for r in child_rows}

    def child_is_theirs(child_id: str, what: str) -> None:
        if child_id in theirs:
            return
        child = session.get(Child, child_id)
        if child is None:
            raise Refused(
                f"{what} is for a child who is neither in the bundle nor on this installation"
            )
        if child.origin_device != sender:
            raise Refused(f"{what} is for a child on another worker's caseload")
        theirs.add(child_id)

    plan_rows = payload["plans"]
    local_plans = _existing(session, Plan, (r["id"] for r in plan_rows))
    for row in plan_rows:
        child_is_theirs(row["child_id"], f"plan {_short(row['id'])}")
        local = local_plans.get(row["id"])
        if local is not None and local.child_id != row["child_id"]:
            raise Refused(f"plan {_short(row['id'])} would move to another child")

    # Visits: the sender's own, in the states a worker may set.
    visit_rows = payload["visits"]
    local_visits = _existing(session, Visit, (r["id"] for r in visit_rows))
    for row in visit_rows:
        what = f"visit record {_short(row['id'])}"
        if row["origin_device"] != sender or row["conflict_of"] is not None:
            raise Refused(f"{what} was not made on the sending worker's device")
        child_is_theirs(row["child_id"], what)
        local = local_visits.get(row["id"])
        if local is not None and (
            local.origin_device != sender or local.child_id != row["child_id"]
        ):
            raise Refused(f"{what} belongs to another worker or another child")
        if row["state"] in DECIDED:
            if local is None or local.state != row["state"] or local.revision != row["revision"]:
                raise Refused(f"{what} says it is {row['state']}, which only the manager decides")
        elif row["state"] not in WORKER_VISIT_STATES:
            raise Refused(f"{what} is in a state a worker cannot set")
        if local is not None and row["revision"] > local.revision:
            if local.state != "returned" or row["revision"] != local.revision + 1:
                raise Refused(f"{what} was reopened without being returned by the manager")
        if (
            local is not None
            and local.state == "returned"
            and row["revision"] == local.revision
            and row["state"] == "draft"
        ):
            raise Refused(f"{what} would turn a returned record back into a draft")
        # The check shown at completion is part of what was completed: the same revision of
        # a record completed here always carries the same one.
        if (
            local is not None
            and local.state in WRITTEN_UP
            and row["revision"] == local.revision
            and row["completion_check"] != local.completion_check
        ):
            raise Refused(f"{what} would change the check kept from when it was completed")
    # The revision and state each of the sender's records will have once applied, worked out
    # by the same rule the writes follow (see _outcome).
    visit_now = {}
    kept: set[str] = set()  # records that stay as they are here
    for row in visit_rows:
        local = local_visits.get(row["id"])
        if local is None or _outcome(local, row) == "apply":
            visit_now[row["id"]] = (row["revision"], row["state"])
        else:
            visit_now[row["id"]] = (local.revision, local.state)
            kept.add(row["id"])

    def visit_is_theirs(visit_id: str, what: str) -> tuple[int, str]:
        if visit_id in visit_now:
            return visit_now[visit_id]
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise Refused(
                f"{what} is for a visit record that is neither in the bundle nor on "
                "this installation"
            )
        if visit.origin_device != sender:
            raise Refused(f"{what} is for another worker's visit record")
        visit_now[visit_id] = (visit.revision, visit.state)
        return visit_now[visit_id]

    # Tasks: a worker only opens them; a decision it echoes must be the one held here.
    task_rows = payload["tasks"]
    local_tasks = _existing(session, AuthorisationTask, (r["id"] for r in task_rows))
    # One task per completed revision: a second would let a decision be made again.
    tasked = set(
        session.execute(
            select(AuthorisationTask.visit_id, AuthorisationTask.visit_revision).where(
                AuthorisationTask.visit_id.in_({r["visit_id"] for r in task_rows})
            )
        ).all()
    )
    fresh_tasks = []
    for row in task_rows:
        what = f"authorisation task {_short(row['id'])}"
        revision, state = visit_is_theirs(row["visit_id"], what)
        local = local_tasks.get(row["id"])
        if local is not None:
            if (local.visit_id, local.visit_revision) != (row["visit_id"], row["visit_revision"]):
                raise Refused(f"{what} would move a decision to another record")
            if row["state"] != "open" and (
                (row["state"], row["decided_at"], row["comment"])
                != (local.state, local.decided_at, local.comment)
            ):
                raise Refused(f"{what} carries a decision this installation did not make")
            continue
        if (
            row["state"] != "open"
            or row["decided_at"] is not None
            or row["decided_by"]
            or row["comment"]
            or row["decided_device"]
        ):
            raise Refused(f"{what} carries a decision; only the manager decides")
        if row["visit_revision"] > revision:
            raise Refused(f"{what} is for a version of the record that does not exist")
        if row["visit_revision"] == revision and state != "completed":
            raise Refused(
                f"{what} asks for a decision on a record that is not completed and waiting for one"
            )
        if (row["visit_id"], row["visit_revision"]) in tasked:
            raise Refused(f"{what} asks again for a decision already asked for")
        tasked.add((row["visit_id"], row["visit_revision"]))
        fresh_tasks.append(row)

    addendum_rows = payload["addenda"]
    local_addenda = _existing(session, Addendum, (r["id"] for r in addendum_rows))
    fresh_addenda = []
    for row in addendum_rows:
        what = f"addendum {_short(row['id'])}"
        visit_is_theirs(row["visit_id"], what)
        local = local_addenda.get(row["id"])
        if local is not None:
            if (local.visit_id, local.text, local.created_at) != (
                row["visit_id"],
                row["text"],
                row["created_at"],
            ):
                raise Refused(f"{what} would change an addendum already made")
            continue
        # Who wrote it is the enrolled worker, whatever the payload says.
        fresh_addenda.append({**row, "author": peer.name})

    _check_household_visits(session, sender, visit_rows, local_visits, kept)
    # Checked against the records as held here: a bundle can never make one authorised.
    try:
        entries = sync_entries.check(session, sender, payload["entries"], now)
    except sync_entries.EntryRefused as exc:
        raise Refused(exc.rule) from None
    # Last of the checks, so a bundle breaking an ownership rule is refused naming that.
    check_worker_values(payload, now)

    # Every rule holds: apply.
    for child in local_children.values():
        if not child.origin_device:
            child.origin_device = sender
    done.children = _apply_newer(session, Child, child_rows, local_children)
    _apply_newer(session, Plan, plan_rows, local_plans)
    done.visits, done.conflicts = _apply_visits(session, peer, visit_rows, local_visits)
    session.flush()
    bulk_insert(session, Addendum, fresh_addenda)
    bulk_insert(session, AuthorisationTask, fresh_tasks)
    done.addenda, done.tasks = len(fresh_addenda), len(fresh_tasks)
    done.entries = sync_entries.apply(session, sender, entries)
    return done


def _shared_part(values: dict[str, Any]) -> tuple:
    """What one child's record says of the visit all the household's records share."""
    return tuple(values.get(name) for name in SHARED_FIELDS)


def _row_values(row: dict[str, Any]) -> dict[str, Any]:
    """A bundle row's values by catalogue name (its answers read from their text)."""
    return {**row, **answers.parse_answers(row.get("answers") or "")}


def _check_household_visits(
    session: Session,
    sender: str,
    rows: list[dict[str, Any]],
    local: dict[str, Visit],
    kept: set[str],
) -> None:
    """The records of one household visit, as they will be once applied (those in ``kept``
    staying as they are here, any other copy beside them), are each another child's, no
    more than live in one household, and say the same of the visit they shared: the manager
    authorises them together, naming each child once and the visit once. Only the sender's
    own records count, as ``household_visits.open_tasks`` counts."""
    will_be: dict[str, tuple[str | None, str, tuple]] = {}
    for row in rows:
        if row["id"] in kept:
            held = local[row["id"]]
            will_be[row["id"]] = (
                held.household_visit,
                held.child_id,
                _shared_part(answers.values_of(held)),
            )
        elif row["household_visit"] is not None:
            will_be[row["id"]] = (
                row["household_visit"],
                row["child_id"],
                _shared_part(_row_values(row)),
            )
    visits = sorted({hv for hv, _, _ in will_be.values() if hv is not None})
    for start in range(0, len(visits), 500):
        for held in session.scalars(
            select(Visit).where(
                Visit.household_visit.in_(visits[start : start + 500]),
                Visit.origin_device == sender,
                Visit.conflict_of.is_(None),
            )
        ):
            if held.id not in will_be:
                will_be[held.id] = (
                    held.household_visit,
                    held.child_id,
                    _shared_part(answers.values_of(held)),
                )
    children: dict[str, set[str]] = {}
    shared: dict[str, tuple] = {}
    for hv, child_id, part in will_be.values():
        if hv is None:
            continue
        theirs = children.setdefault(hv, set())
        if child_id in theirs:
            raise Refused(f"household visit {_short(hv)} holds two records for one child")
        theirs.add(child_id)
        if len(theirs) > MAX_HOUSEHOLD:
            raise Refused(f"household visit {_short(hv)} is for more than {MAX_HOUSEHOLD} children")
        if shared.setdefault(hv, part) != part:
            raise Refused(
                f"household visit {_short(hv)} holds records that disagree about the visit "
                "(its date, place, who was there or why)"
            )


def _apply_newer(
    session: Session, model: type, rows: list[dict[str, Any]], local: dict[str, Any]
) -> int:
    fresh = [row for row in rows if row["id"] not in local]
    bulk_insert(session, model, fresh)
    changed = 0
    for row in rows:
        obj = local.get(row["id"])
        if obj is not None and row["updated_at"] >= obj.updated_at:
            for key, value in row.items():
                setattr(obj, key, value)
            changed += 1
    return len(fresh) + changed


def _conflict_copy(
    session: Session,
    local: Visit,
    row: dict[str, Any],
    incoming_hash: str,
    fresh: list[dict[str, Any]],
) -> bool:
    """Keep a differing copy beside ``local`` for a person to settle; True if new."""
    state = row["state"] if row["state"] in WORKER_VISIT_STATES else "completed"
    twin = session.scalar(select(Visit).where(Visit.conflict_of == local.id).limit(1))
    if twin is not None:
        if twin.synced_hash != incoming_hash:
            for key, value in row.items():
                if key not in ("id", "conflict_of", "created_by"):
                    setattr(twin, key, value)
            twin.state, twin.synced_hash = state, incoming_hash
        return False
    fresh.append(
        {
            **row,
            "id": new_id(),
            "conflict_of": local.id,
            "state": state,
            "created_by": local.created_by,
            "synced_hash": incoming_hash,
        }
    )
    return True


def _outcome(local: Visit, row: dict[str, Any]) -> str:
    """What an incoming copy of a record held here does: "apply" its words and state, or
    "keep" the record as it is (the same words, or a conflict copy kept beside it)."""
    if content_hash(local) == content_hash_of(row):
        if local.state == "draft" and row["state"] == "completed":
            return "apply"  # the same words, now completed
        return "keep"
    edited_here = local.synced_hash != "" and content_hash(local) != local.synced_hash
    if edited_here:
        return "keep"
    if local.state == "returned":
        # Corrected while returned (still returned), or completed again as the next revision.
        if row["revision"] == local.revision + 1 and row["state"] == "completed":
            return "apply"
        if row["revision"] == local.revision and row["state"] == "returned":
            return "apply"
        return "keep"
    if local.state == "draft" and row["revision"] == local.revision:
        return "apply"
    return "keep"


def _apply_visits(
    session: Session, peer: Peer, rows: list[dict[str, Any]], existing: dict[str, Visit]
) -> tuple[int, int]:
    fresh: list[dict[str, Any]] = []
    applied = conflicts = 0
    for row in rows:
        incoming_hash = content_hash_of(row)
        local = existing.get(row["id"])
        if local is None:
            fresh.append({**row, "created_by": peer.name, "synced_hash": incoming_hash})
            applied += 1
            continue
        outcome = _outcome(local, row)
        if content_hash(local) == incoming_hash:
            # Same words: the state may only move forward (a draft now completed), never
            # back past a decision or from completed to draft.
            if outcome == "apply":
                local.state, local.completed_at = row["state"], row["completed_at"]
                local.completion_check = row["completion_check"]
            local.synced_hash = incoming_hash
            continue
        if outcome == "apply":
            for key, value in row.items():
                if key != "created_by":
                    setattr(local, key, value)
            local.synced_hash = incoming_hash
            applied += 1
            continue
        # A completed or authorised record, an older copy, or one changed here too: the
        # record stays as it is and the other copy is kept beside it.
        if _conflict_copy(session, local, row, incoming_hash, fresh):
            conflicts += 1
    bulk_insert(session, Visit, fresh)
    return applied, conflicts


# --- a manager's decisions, arriving at the worker ----------------------------------------


def _only_decisions(payload: dict[str, Any]) -> list[dict[str, Any]]:
    for table in ("children", "plans", "visits", "addenda", "entries"):
        if payload[table]:
            raise Refused(f"a manager's bundle carries only decisions, and this one holds {table}")
    rows = payload["tasks"]
    _no_duplicates("tasks", rows)
    for row in rows:
        if row["state"] not in DECIDED or row["decided_at"] is None:
            raise Refused(f"decision {_short(row['id'])} is not a decision")
    return rows


def apply_colleague_decisions(
    session: Session, peer: Peer, payload: dict[str, Any], *, my_team: str
) -> tuple[list[dict[str, Any]], int]:
    """Another manager's decisions on this team's records, relayed by the hub, so every
    manager's queue shows what is decided. Applied to open tasks only, in any order; a task
    decided otherwise here is kept and counted as a conflict, never overwritten."""
    if peer.relation != "team" or peer.role != "manager":
        raise Refused("only a manager of this team can send decisions")
    if my_team and peer.team and my_team.casefold() != peer.team.casefold():
        raise Refused(f"it comes from the manager of {peer.team}, not of {my_team}")
    rows = _only_decisions(payload)
    local_tasks = _existing(session, AuthorisationTask, (r["id"] for r in rows))
    visits = _existing(session, Visit, (r["visit_id"] for r in rows))
    decided, conflicts = [], 0
    for row in rows:
        local, visit = local_tasks.get(row["id"]), visits.get(row["visit_id"])
        if local is None or visit is None or local.visit_id != row["visit_id"]:
            continue  # a record this manager has not received yet: its worker sends it again
        if local.visit_revision != row["visit_revision"]:
            continue
        if local.state != "open":
            if (local.state, local.decided_device) != (row["state"], peer.device_id):
                conflicts += local.decided_device != peer.device_id
            continue
        decided.append(_record_decision(row, local, visit, peer))
    return decided, conflicts


def apply_manager_bundle(
    session: Session, peer: Peer, payload: dict[str, Any], my_device: str
) -> list[dict[str, Any]]:
    """Apply decisions; returns the decisions applied, with who decided from the enrolment."""
    for table in ("children", "plans", "visits", "addenda", "entries"):
        if payload[table]:
            raise Refused(f"a manager's bundle carries only decisions, and this one holds {table}")
    rows = payload["tasks"]
    _no_duplicates("tasks", rows)
    local_tasks = _existing(session, AuthorisationTask, (r["id"] for r in rows))
    visits = _existing(session, Visit, (r["visit_id"] for r in rows))
    to_apply = []
    for row in rows:
        what = f"decision {_short(row['id'])}"
        if row["state"] not in DECIDED or row["decided_at"] is None:
            raise Refused(f"{what} is not a decision")
        local = local_tasks.get(row["id"])
        visit = visits.get(row["visit_id"])
        if local is None or visit is None:
            raise Refused(f"{what} is about a record this installation never sent")
        if (local.visit_id, local.visit_revision) != (row["visit_id"], row["visit_revision"]):
            raise Refused(f"{what} would apply to another record than the one it was made on")
        if visit.origin_device != my_device:
            raise Refused(f"{what} is about a record made on another device")
        if local.state != "open":
            if (local.state, local.comment) != (row["state"], row["comment"]):
                if local.decided_device not in ("", peer.device_id):
                    # Another manager of the team decided first (both reach this device through
                    # the hub): the first decision stands and the second is not applied.
                    continue
                raise Refused(f"{what} would change a decision already made")
            continue
        to_apply.append((row, local, visit))
    decided = []
    for row, local, visit in to_apply:
        decided.append(_record_decision(row, local, visit, peer))
    return decided


def _record_decision(row: dict[str, Any], local: Any, visit: Visit, peer: Peer) -> dict:
    """Take a decision in: who decided is the manager whose key signed it, never the payload."""
    local.state, local.decided_at, local.comment = row["state"], row["decided_at"], row["comment"]
    local.decided_by, local.decided_device = peer.name, peer.device_id
    if visit.revision == row["visit_revision"] and visit.state == "completed":
        visit.state = row["state"]
    return {**row, "decided_by": peer.name}
