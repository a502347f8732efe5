"""The demo caseload's households: sibling groups living together, and visited together.

A group of three siblings and a group of two (children who share a family name, or made to)
live in one household from a date, and each group has completed household visits: one record
per child, made as every demo record is, with the same shared part, each child's own answers
and one ``household_visit`` id per visit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitdesk.standards.calendar import calendar_for
from visitdesk.storage import answers
from visitdesk.storage.models import AuthorisationTask, Child, Plan, Visit, new_id

if TYPE_CHECKING:
    from visitdesk.services.demo import _Case, _Demo

# How the demo makes one record (``demo._record``), and how often a child is visited, in days
# (``demo._interval_days``): handed over by the demo, which calls this module.
RecordMaker = Callable[..., Visit]
IntervalDays = Callable[..., int]

# The sizes of the sibling groups, the larger first.
GROUPS = (3, 2)
# Children living at home with their family, and children looked after (placed together).
AT_HOME = ("CIN", "CP")
# Each child's own records this close to a household visit are left out: they were seen at it.
SEEN_TOGETHER_DAYS = 3

HOME_CONDITIONS = [
    "Warm and tidy. Food in the fridge and cupboards; the children's school uniforms were "
    "washed and ready. The back door lock has been mended since my last visit.",
    "A little cluttered in the kitchen, but clean. The heating works again after the repair; "
    "every bedroom has a bed with clean bedding.",
    "Calm when I arrived. The new sofa has arrived and the damp in the back bedroom has been "
    "treated; the smoke alarm works.",
]
PURPOSES = {
    "home": [
        "Planned statutory visit to all the children at home: to see each of them, on their "
        "own where possible, and to look at the home together with their parent.",
        "Statutory visit to the household after the core group meeting, to check the actions "
        "agreed for each child are under way.",
    ],
    "looked_after": [
        "Statutory visit to the brothers and sisters in their foster placement: to see each "
        "of them on their own, and to talk with their carers about how the placement is going.",
    ],
}
PRESENT = {
    "home": ["Mother and the children", "Mother, her partner and the children"],
    "looked_after": ["Foster carer and the children", "Foster carers (both) and the children"],
}
VOICES = [
    "{name} said school is going better and showed me a certificate from class.",
    "{name} said they miss their dad and would like to see him more often.",
    "{name} talked about football on Saturdays and said the house is calmer now.",
    "{name} said they feel safe at home and like sharing a room less than before.",
    "{name} was quiet at first, then said they worry when the grown-ups argue.",
]
# A child too young to say: what they showed.
YOUNG_VOICE = (
    "{name} is too young to say; they babbled, reached for their carer and settled quickly "
    "when picked up."
)
OBSERVATIONS = [
    "{name} was relaxed and played alongside the others; they came to the carer for comfort "
    "when they bumped their knee.",
    "{name} kept close to the carer at first, then showed me their room and their drawings.",
    "{name} looked well and was dressed for the weather; they chatted about the dog.",
]
TOGETHER = (
    "Seen in the bedroom together with {other}, without their carer there: seen alone, as "
    "the guidance allows for brothers and sisters."
)


@dataclass(slots=True)
class _Sibling:
    child: Child
    case: _Case
    plans: list[Plan]

    @property
    def plan(self) -> Plan:
        return max(self.plans, key=lambda p: p.start_date)

    @property
    def kind(self) -> str:
        return "home" if self.case.plan_type in AT_HOME else "looked_after"

    @property
    def arrived(self) -> date:
        """The earliest day the child can have lived in the household."""
        plan = self.plan
        if self.kind == "looked_after" and plan.placement_start is not None:
            return max(plan.placement_start, self.child.date_of_birth or date.min)
        return self.child.date_of_birth or plan.start_date


def _candidates(session: Session, made: list[tuple[Child, _Case]]) -> list[_Sibling]:
    """The children whose records are plain (no story to tell, already born): a household
    visit changes nothing any other demo child is there to show."""
    chosen = [(c, case) for c, case in made if case.story == "steady" and c.date_of_birth]
    ids = [c.id for c, _case in chosen]
    plans: dict[str, list[Plan]] = {}
    for plan in session.scalars(select(Plan).where(Plan.child_id.in_(ids))):
        plans.setdefault(plan.child_id, []).append(plan)
    return [_Sibling(c, case, plans[c.id]) for c, case in chosen if plans.get(c.id)]


def _groups(candidates: list[_Sibling], made: list[tuple[Child, _Case]]) -> list[list[_Sibling]]:
    """Two sibling groups: children of one family name and kind of home where the caseload
    has them, topped up with others (given that family's name) where it does not."""
    names = {(c.given_name, c.family_name) for c, _case in made}
    free = list(candidates)
    out = []
    for size in GROUPS:
        families: dict[tuple[str, str], list[_Sibling]] = {}
        for s in free:
            families.setdefault((s.child.family_name, s.kind), []).append(s)
        if not families:
            break
        # The largest family there is; among equals, the first in the caseload.
        (family, kind), group = max(families.items(), key=lambda item: len(item[1]))
        group = group[:size]
        for s in free:
            if len(group) == size:
                break
            given = s.child.given_name
            if s in group or s.kind != kind or (given, family) in names:
                continue
            if any(g.child.given_name == given for g in group):
                continue
            names.discard((given, s.child.family_name))
            s.child.family_name = family
            names.add((given, family))
            group.append(s)
        if len(group) < size:
            continue
        out.append(sorted(group, key=lambda s: s.child.date_of_birth))
        free = [s for s in free if s not in group]
    return out


def _working_day_on_or_before(day: date) -> date:
    calendar = calendar_for("england-and-wales")
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def _visit_time(demo: _Demo, day: date) -> datetime:
    hour, minute = demo.rng.choice([9, 10, 11, 13, 14, 15]), demo.rng.choice([0, 15, 30, 45])
    return datetime.combine(day, time(hour, minute))


def _days(
    demo: _Demo, group: list[_Sibling], visits: int, interval_days: IntervalDays
) -> list[date]:
    """The days of the group's household visits, the latest a few days ago, each after
    every child has lived in the household and been on their plan."""
    ready = max(
        max(s.arrived, s.plan.start_date, s.plan.placement_start or date.min) for s in group
    )
    # Recent enough that none of them is yet due again (a baby on a CP plan is seen weekly).
    gap = min(interval_days(s.case, s.plan, s.child.date_of_birth, demo) for s in group)
    back = demo.rng.randint(2, max(2, min(8, gap // 2)))
    latest = _working_day_on_or_before(demo.today - timedelta(days=back))
    if latest <= ready:
        latest = _working_day_on_or_before(demo.today - timedelta(days=1))
    days = [latest - timedelta(weeks=4 * n) for n in range(visits)]
    return sorted(_working_day_on_or_before(d) for d in days if d > ready)


def _leave_out_own_records(session: Session, group: list[_Sibling], days: list[date]) -> None:
    """Each child's own records of the days around a household visit: the household visit
    is their visit then."""
    ids = [s.child.id for s in group]
    for visit in session.scalars(select(Visit).where(Visit.child_id.in_(ids))):
        if any(abs((visit.visited_at.date() - d).days) <= SEEN_TOGETHER_DAYS for d in days):
            for task in session.scalars(
                select(AuthorisationTask).where(AuthorisationTask.visit_id == visit.id)
            ):
                session.delete(task)
            session.delete(visit)
    session.flush()


def _household_visit(
    demo: _Demo,
    session: Session,
    group: list[_Sibling],
    at: datetime,
    state: str,
    record: RecordMaker,
) -> None:
    """One completed household visit to ``group``: each child's own record, the shared part
    the same in each, completed together, each with its own authorisation task."""
    rng = demo.rng
    household_visit = new_id()
    shared = {
        "visited_at": at,
        "outcome": "visited",
        "location": "home",
        "contact": None,
        "announced": rng.random() < 0.7,
        "present": rng.choice(PRESENT[group[0].kind]),
        "home_conditions": rng.choice(HOME_CONDITIONS),
        "purpose": rng.choice(PURPOSES[group[0].kind]),
    }
    done = min(at + timedelta(hours=rng.randint(2, 6)), demo.now)
    decided = min(done + timedelta(days=1), demo.now) if state == "authorised" else None
    voices = rng.sample(VOICES, len(group))
    seen = [rng.choice(OBSERVATIONS) for _sibling in group]
    for n, sibling in enumerate(group):
        child = sibling.child
        visit = record(
            demo,
            session,
            child,
            replace(sibling.case, clean=True),
            at,
            state,
            index=0,
            unborn=False,
        )
        own = {}
        if visit.seen == "yes":
            own["observations"] = seen[n].format(name=child.given_name)
        if visit.seen == "yes" and (at.date() - child.date_of_birth).days >= 4 * 365:
            own["childs_voice"] = voices[n].format(name=child.given_name)
            if n == 1 and visit.seen_alone == "yes":
                own["observations"] = TOGETHER.format(other=group[0].child.given_name)
        elif visit.seen == "yes":
            own["childs_voice"] = YOUNG_VOICE.format(name=child.given_name)
        answers.store(visit, {**shared, **own})
        visit.household_visit = household_visit
        visit.completed_at, visit.updated_at = done, done
        task = session.scalar(
            select(AuthorisationTask).where(AuthorisationTask.visit_id == visit.id)
        )
        task.created_at = done
        if decided is not None:
            task.decided_at = decided


def add(
    demo: _Demo,
    session: Session,
    made: list[tuple[Child, _Case]],
    record: RecordMaker,
    interval_days: IntervalDays,
) -> None:
    """Put two sibling groups of the demo caseload ``made`` (each child with what their
    records show) in a household each, and give each group completed household visits: two
    for the larger group, one for the smaller. Each record is made by ``record``, as every
    demo record is."""
    session.flush()
    for visits, group in zip((2, 1), _groups(_candidates(session, made), made), strict=False):
        household = new_id()
        address = group[0].child.address
        for sibling in group:
            sibling.child.household_id = household
            sibling.child.household_since = sibling.arrived
            sibling.child.address = address
        days = _days(demo, group, visits, interval_days)
        _leave_out_own_records(session, group, days)
        for n, day in enumerate(days):
            # The latest waits for the manager on a manager's demo too: one to authorise.
            latest = n == len(days) - 1
            state = "authorised" if demo.ws.is_manager and not latest else "completed"
            at = _visit_time(demo, day)
            _household_visit(demo, session, group, at, state, record)
