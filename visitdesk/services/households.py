"""Households: the siblings and half-siblings who live together, and when each joined.

A child lives in one household at a time (``Child.household_id``, from ``household_since``);
a move is dated, and the household they left is kept in their history. A household is only
its id and its children: it is named after their family names. Each write is one
transaction with its audit, and returns the :class:`Changes` it made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from visitdesk.errors import UserError
from visitdesk.services.changes import Changes
from visitdesk.services.facts import current_plan
from visitdesk.services.households_history import Stay, history_text, parse_history
from visitdesk.services.ownership import NotFound, own_child
from visitdesk.services.workspace import Workspace
from visitdesk.storage.models import Child, Plan, new_id

# More children than live in any one household; a larger one is refused as a mistake.
MAX_HOUSEHOLD = 16


@dataclass(frozen=True, slots=True)
class Member:
    """A child of a household, as the household box and the household visit show them."""

    child_id: str
    name: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    expected_birth_date: date | None
    since: date | None
    plan: str | None  # the plan type in force today, None when the child has none
    editable: bool  # on this installation's caseload

    @property
    def on_plan(self) -> bool:
        return self.plan is not None


@dataclass(frozen=True, slots=True)
class HouseholdView:
    id: str
    name: str  # "Ashworth household", "Ashworth and Thomas household"
    members: tuple[Member, ...]  # the eldest first; an unborn baby last


def household_name(family_names: list[str]) -> str:
    """A household's name, from its children's family names in the order given."""
    names = list(dict.fromkeys(n.strip() for n in family_names if n.strip()))
    if not names:
        return "Household"
    if len(names) == 1:
        return f"{names[0]} household"
    return f"{', '.join(names[:-1])} and {names[-1]} household"


def _child(session: Session, child_id: str) -> Child:
    child = session.get(Child, child_id)
    if child is None:
        raise NotFound("that child is not on this caseload")
    return child


def _plan_types(session: Session, child_ids: list[str], on: date) -> dict[str, str]:
    plans: dict[str, list[Plan]] = {}
    for plan in session.scalars(select(Plan).where(Plan.child_id.in_(child_ids))):
        plans.setdefault(plan.child_id, []).append(plan)
    out = {}
    for child_id, theirs in plans.items():
        plan = current_plan(theirs, on)
        if plan is not None and plan.start_date <= on:
            out[child_id] = plan.plan_type
    return out


def _age_order(member: Member) -> tuple:
    # The eldest first; an unborn baby (no date of birth) after every child born.
    born = member.date_of_birth
    return (born is None, born or member.expected_birth_date or date.max, member.name)


def members_of(ws: Workspace, session: Session, household_id: str) -> list[Member]:
    """The children living in the household now, the eldest first."""
    children = list(
        session.scalars(select(Child).where(Child.household_id == household_id).limit(500))
    )
    plans = _plan_types(session, [c.id for c in children], ws.today())
    members = [
        Member(
            child_id=c.id,
            name=c.full_name,
            given_name=c.given_name.strip() or c.full_name,
            family_name=c.family_name,
            date_of_birth=c.date_of_birth,
            expected_birth_date=c.expected_birth_date,
            since=c.household_since,
            plan=plans.get(c.id),
            editable=not c.origin_device or c.origin_device == ws.identity.device_id,
        )
        for c in children
    ]
    return sorted(members, key=_age_order)


def household_of(ws: Workspace, child_id: str) -> HouseholdView | None:
    """The household the child lives in now, with its children; None when they are in none."""
    with ws.db.sessions() as session:
        child = _child(session, child_id)
        if child.household_id is None:
            return None
        members = members_of(ws, session, child.household_id)
        name = household_name([m.family_name for m in members])
        return HouseholdView(child.household_id, name, tuple(members))


def household_stays(ws: Workspace, child_id: str) -> list[Stay]:
    """The households the child lived in before their current one, the earliest first."""
    with ws.db.sessions() as session:
        child = _child(session, child_id)
        try:
            return parse_history(child.household_history)
        except ValueError:
            return []  # checked on the way in; an unreadable one is shown as no history


@dataclass(frozen=True, slots=True)
class Candidate:
    """A child who could come to live in a household: the worker's own, living elsewhere."""

    child_id: str
    name: str
    date_of_birth: date | None
    expected_birth_date: date | None
    plan: str | None  # the plan type in force today, None when the child has none
    household: str | None  # the name of the household they live in now; None when in none


def _names(session: Session, household_ids: set[str] | None = None) -> dict[str, str]:
    """Each household's name from the children living in it now (all of them when
    ``household_ids`` is None); a household nobody lives in now has none."""
    query = select(
        Child.household_id, Child.family_name, Child.date_of_birth, Child.expected_birth_date
    ).where(Child.household_id.is_not(None))
    if household_ids is not None:
        query = query.where(Child.household_id.in_(household_ids))
    living: dict[str, list[tuple]] = {}
    for household, family, born, expected in session.execute(query):
        living.setdefault(household, []).append(
            (born is None, born or expected or date.max, family)
        )
    return {h: household_name([f for *_, f in sorted(kids)]) for h, kids in living.items()}


def names_of(ws: Workspace, household_ids: list[str]) -> dict[str, str]:
    """The name of each of ``household_ids`` that someone lives in now (a child's earlier
    households, named as they are today)."""
    with ws.db.sessions() as session:
        return _names(session, set(household_ids))


def candidates(ws: Workspace, child_id: str) -> list[Candidate]:
    """The children who could come to live in ``child_id``'s household: on this caseload (the
    worker's own), not the child and not living there already; by family name, then given
    name."""
    device = ws.identity.device_id
    with ws.db.sessions() as session:
        child = _child(session, child_id)
        query = select(Child).where(
            Child.id != child.id,
            or_(
                Child.origin_device.is_(None),
                Child.origin_device == "",
                Child.origin_device == device,
            ),
        )
        if child.household_id is not None:
            query = query.where(
                or_(Child.household_id.is_(None), Child.household_id != child.household_id)
            )
        found = sorted(
            session.scalars(query),
            key=lambda c: (c.family_name.casefold(), c.given_name.casefold(), c.id),
        )
        plans = _plan_types(session, [c.id for c in found], ws.today())
        names = _names(session) if any(c.household_id for c in found) else {}
        return [
            Candidate(
                c.id,
                c.full_name,
                c.date_of_birth,
                c.expected_birth_date,
                plans.get(c.id),
                names.get(c.household_id) if c.household_id else None,
            )
            for c in found
        ]


def _check_day(ws: Workspace, child: Child, on: date) -> None:
    if on > ws.today():
        raise UserError(
            "a move of household is recorded once it has happened: choose today or earlier"
        )
    if child.date_of_birth is not None and on < child.date_of_birth:
        raise UserError(
            f"{child.full_name} was born on {child.date_of_birth:%d/%m/%Y}; a move cannot be "
            "dated before that"
        )
    if child.household_since is not None and on < child.household_since:
        raise UserError(
            f"{child.full_name} joined their household on {child.household_since:%d/%m/%Y}; "
            "a move cannot be dated before that"
        )
    try:
        stays = parse_history(child.household_history)
    except ValueError:
        stays = []
    # The history is kept in date order (and read strictly, in bundles too).
    if stays and on < stays[-1].until:
        raise UserError(
            f"{child.full_name} last moved household on {stays[-1].until:%d/%m/%Y}; "
            "a move cannot be dated before that"
        )


def _move(ws: Workspace, session: Session, child: Child, household: str | None, on: date) -> None:
    """Move ``child`` to ``household`` (None: to none) from ``on``, keeping where they were."""
    if child.household_id == household:
        return
    _check_day(ws, child, on)
    if child.household_id is not None:
        try:
            stays = parse_history(child.household_history)
        except ValueError:
            stays = []
        stays.append(Stay(child.household_id, child.household_since, on))
        child.household_history = history_text(stays)
    child.household_id = household
    child.household_since = on if household is not None else None
    child.revision += 1
    child.updated_at = ws.now()
    # On the child's own trail, by ids only.
    if household is not None:
        ws.audit(session, "join_household", "child", child.id, f"household {household}")
    else:
        ws.audit(session, "leave_household", "child", child.id, f"from {on.isoformat()}")


def join_household(ws: Workspace, child_id: str, other_id: str, on: date | None = None) -> Changes:
    """``other_id`` comes to live in ``child_id``'s household from ``on`` (today by default);
    a child in no household yet starts one. Both must be on this caseload."""
    on = on or ws.today()
    if child_id == other_id:
        raise UserError("choose another child to add to the household")
    with ws.db.transaction() as session:
        child, other = _child(session, child_id), _child(session, other_id)
        own_child(ws, child)
        own_child(ws, other)
        if child.household_id is None:
            _move(ws, session, child, new_id(), on)
        elif other.household_id == child.household_id:
            raise UserError(f"{other.full_name} already lives in this household")
        count = session.scalar(
            select(Child.id)
            .where(Child.household_id == child.household_id)
            .limit(1)
            .offset(MAX_HOUSEHOLD - 1)
        )
        if count is not None:
            raise UserError(f"a household holds at most {MAX_HOUSEHOLD} children")
        _move(ws, session, other, child.household_id, on)
        return Changes.of(children=[child_id, other_id])


def leave_household(ws: Workspace, child_id: str, on: date | None = None) -> Changes:
    """The child no longer lives in their household from ``on`` (today by default)."""
    on = on or ws.today()
    with ws.db.transaction() as session:
        child = _child(session, child_id)
        own_child(ws, child)
        if child.household_id is None:
            raise UserError(f"{child.full_name} is not in a household")
        others = list(
            session.scalars(
                select(Child.id).where(
                    Child.household_id == child.household_id, Child.id != child.id
                )
            )
        )
        _move(ws, session, child, None, on)
        return Changes.of(children=[child_id, *others])
