"""A plausible, clearly fictional caseload so a new user sees a working app at once.

Every demo child's case reference starts with ``DEMO-`` and every address is in the fictional
town of Exampleton. The same seed, on the same day and under the same authority, always gives
the same caseload.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from visitdesk.services.changes import Changes
from visitdesk.services.household_visits import plan_status
from visitdesk.services.workspace import Workspace
from visitdesk.standards import Authority
from visitdesk.storage import answers
from visitdesk.storage.models import AuthorisationTask, Child, Plan, Visit, new_id

GIVEN = [
    "Amara",
    "Bilal",
    "Chloe",
    "Dylan",
    "Ella",
    "Finley",
    "Grace",
    "Harvey",
    "Isla",
    "Jayden",
    "Kacper",
    "Layla",
    "Mason",
    "Nia",
    "Oscar",
    "Poppy",
    "Reuben",
    "Siân",
    "Tomasz",
    "Zoë",
    "Łucja",
    "Aoife",
    "Yusuf",
    "Ruby",
    "Theo",
    "Maya",
    "Kai",
    "Freya",
    "Leo",
    "Evie",
]
FAMILY = [
    "Ashworth",
    "Brennan",
    "Clarke",
    "Dobson",
    "Evans",
    "Fairweather",
    "Gallagher",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kowalski",
    "Lewis",
    "Mensah",
    "Nguyễn",
    "Ó Briain",
    "Patel",
    "Quinn",
    "Roberts",
    "Shah",
    "Thomas",
    "Underwood",
    "Vaughan",
    "Williams",
    "Young",
]
STREETS = [
    "Sample Road",
    "Example Street",
    "Fictional Avenue",
    "Placeholder Close",
    "Demo Crescent",
    "Mock Lane",
]
PRESENT = [
    "Mother",
    "Mother and stepfather",
    "Father",
    "Grandmother (kinship carer)",
    "Foster carer",
    "Mother and maternal aunt",
]
REASONS = [
    "Child was asleep throughout the visit.",
    "Child declined to speak without their mother present.",
    "Too young to be seen alone; observed with carer.",
    "Visit was cut short by a family emergency.",
]
PURPOSES = [
    "Planned statutory visit to review progress against the plan and see the child's room.",
    "Statutory visit following the core group meeting to check actions were under way.",
    "Unannounced statutory visit to see the home conditions and speak with the child.",
]
FINDINGS = [
    "Home was warm and tidy. Food in the cupboards. The child appeared well and was chatty.",
    "Bedroom had a bed, clean bedding and toys. Some clutter in the kitchen, discussed with mum.",
    "The child talked about school and friends and showed their drawings.",
]
ANALYSIS = [
    "Progress is steady; parents are engaging with the family support worker.",
    "Some drift on the plan's housing actions; risk remains as assessed.",
]
CONCLUSIONS = ["Plan remains appropriate.", "Needs remain met at this level for now."]
RECOMMENDATIONS = [
    "Continue the plan; next visit as scheduled.",
    "Chase the housing referral before the next core group.",
]


CANCELLED_BECAUSE = [
    "Cancelled: I was called to an urgent child protection enquiry. Rearranged with mum.",
    "Cancelled: I was unwell. Mum was told the day before and a new date agreed.",
]
SIGNIFICANT_EVENTS = [
    "Mother said her new partner has moved into the home.",
    "The child started at a new school this week.",
    "The family were served notice on their tenancy.",
    "The child disclosed being hit by an older cousin; a strategy discussion was requested.",
]
FAILED_BECAUSE = "No answer at the door; a card was left and the family were texted."
# Some visit records in the fictional caseload need a closer look: one each, before the rest.
SHOWCASE = ("cin", "cp", "cla", "cp_cla", "unborn", "draft_seen_only", "not_alone", "failed")


@dataclass(frozen=True, slots=True)
class _Case:
    """What one demo child is: their plan type, age and what their records show."""

    plan_type: str
    story: str = "steady"  # steady | behind | draft_seen_only | not_alone | failed | ...
    years: tuple[int, int] | None = (5, 15)  # age range; None for an unborn child
    dcs_level: str | None = None
    # A showcase child's other visits are all as the standards ask, so that what their records
    # show is the one thing to look at.
    clean: bool = True


@dataclass(slots=True)
class _Demo:
    ws: Workspace
    rng: random.Random
    seed: int
    today: date
    now: datetime
    authority: Authority

    @property
    def asks_plan_interval(self) -> bool:
        # The seen alone guidance leaves CIN and CP visiting to the plan: record it.
        return "seen-alone-guidance" in self.authority.policy_ids

    def covers(self, plan_type: str) -> bool:
        return any(plan_type in p.plans for p in self.authority.plans.get(plan_type, ()))


def _showcase(demo: _Demo) -> list[_Case]:
    """The children every demo caseload starts with, suited to the installation's authority."""
    # Leicestershire sets no standard for child protection visits: its examples of what the
    # standards ask for are children in need.
    cp = "CP" if demo.covers("CP") else "CIN"
    cases = {
        "cin": _Case("CIN"),
        "cp": _Case("CP"),
        "cla": _Case("CLA", years=(3, 16)),
        "cp_cla": _Case("CP+CLA", years=(4, 14)),
        "unborn": _Case(cp, years=None),
        "draft_seen_only": _Case(cp, "draft_seen_only"),
        "not_alone": _Case("CIN", "not_alone", years=(6, 12)),
        "failed": _Case(cp, "failed"),
    }
    out = [cases[name] for name in SHOWCASE]
    if demo.authority.id == "getting-it-right":
        out += [
            _Case("CIN", dcs_level="family_support"),
            _Case("CIN", dcs_level="direct_payments"),
            _Case("CP", years=(0, 1)),
        ]  # a baby: joint visits with the health visitor
    if demo.authority.id == "childrens-social-care-2019":
        out.append(_Case(cp, "cancelled"))
    if demo.ws.is_manager:
        out.append(_Case("CIN", "returned"))  # the manager's own decision
    return out


def _random_case(demo: _Demo) -> _Case:
    rng = demo.rng
    plan_type = rng.choices(["CIN", "CP", "CLA", "CP+CLA"], [5, 3, 2, 1])[0]
    if plan_type in ("CIN", "CP") and rng.random() < 0.06:
        return _Case(plan_type, years=None)
    dcs = None
    if plan_type == "CIN" and demo.authority.id == "getting-it-right" and rng.random() < 0.15:
        dcs = rng.choice(["family_support", "direct_payments"])
    story = "behind" if rng.random() < 0.15 else "steady"
    return _Case(plan_type, story, (0, 17), dcs, clean=False)


def _visit_time(day: date, rng: random.Random) -> datetime:
    return datetime.combine(
        day, time(rng.choice([9, 10, 11, 13, 14, 15, 16]), rng.choice([0, 15, 30, 45]))
    )


def _working_day_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _interval_days(case: _Case, plan: Plan, dob: date | None, demo: _Demo) -> int:
    """Roughly how often the standards ask for a visit, in days, to space the demo's visits."""
    if plan.visit_every and plan.visit_unit:
        return {
            "weeks": 7 * plan.visit_every,
            "working_days": plan.visit_every * 7 // 5,
            "days": plan.visit_every,
        }[plan.visit_unit]
    if case.dcs_level == "family_support":
        return 42
    if case.dcs_level == "direct_payments":
        return 84
    baby = dob is None or (demo.today - dob).days < 365
    cp = "CP" in case.plan_type and demo.covers("CP")
    if cp:
        return 7 if baby else 14
    if case.plan_type == "CLA" or case.plan_type == "CP+CLA":
        return 42
    return 28


def _meetings(plan: Plan, demo: _Demo) -> str:
    """Progress meetings every six weeks from the plan start, notes sent out a few days later;
    a review once a plan has run sixteen weeks."""
    rng = demo.rng
    out = []
    day = plan.start_date + timedelta(days=14)
    while day < demo.today - timedelta(days=1):
        held_on = _working_day_on_or_before(day)
        sent = min(held_on + timedelta(days=rng.randint(1, 3)), demo.today)
        out.append(
            {
                "id": new_id(),
                "kind": "progress",
                "date": held_on.isoformat(),
                "held": True,
                "notes_circulated_on": sent.isoformat(),
            }
        )
        day += timedelta(days=42)
    review = _working_day_on_or_before(plan.start_date + timedelta(weeks=16) - timedelta(days=3))
    if review < demo.today and rng.random() < 0.85:
        sent = min(review + timedelta(days=rng.randint(1, 4)), demo.today)
        out.append(
            {
                "id": new_id(),
                "kind": "review",
                "date": review.isoformat(),
                "held": True,
                "notes_circulated_on": sent.isoformat(),
            }
        )
    out.sort(key=lambda m: m["date"])
    return json.dumps(out) if out else ""


def _plan(case: _Case, child: Child, start: date, demo: _Demo) -> Plan:
    rng = demo.rng
    every, unit, rationale = None, None, ""
    if demo.asks_plan_interval and case.plan_type in ("CIN", "CP", "CP+CLA") and not case.dcs_level:
        baby = child.date_of_birth is None or (demo.today - child.date_of_birth).days < 365
        if case.plan_type == "CIN":
            every, unit = 4, "weeks"
            rationale = "Agreed at the CIN planning meeting."
        else:
            every, unit = (1, "weeks") if baby else (2, "weeks")
            rationale = "Agreed at the initial child protection conference."
    looked_after = "CLA" in case.plan_type
    placed = start + timedelta(days=rng.randint(0, 10)) if looked_after else None
    first_review = None
    if placed is not None and placed + timedelta(days=28) < demo.today:
        first_review = placed + timedelta(days=28)
    plan = Plan(
        id=new_id(),
        child_id=child.id,
        plan_type=case.plan_type,
        start_date=start,
        allocated_on=start,
        visit_every=every,
        visit_unit=unit,
        visit_rationale=rationale,
        electively_home_educated=case.plan_type == "CP" and rng.random() < 0.04,
        placement_start=placed,
        placement_until_18=looked_after and rng.random() < 0.1,
        first_review_date=first_review,
        dcs_level=case.dcs_level,
        updated_at=demo.now,
    )
    if case.plan_type == "CIN" and demo.authority.id == "leicestershire":
        plan.meetings = _meetings(plan, demo)
    return plan


def _state(demo: _Demo, age_days: int) -> str:
    rng = demo.rng
    if age_days < 4 and rng.random() < 0.5:
        state = "draft"
    elif age_days < 21:
        state = rng.choices(["authorised", "completed", "returned"], [4, 5, 1])[0]
    else:
        state = rng.choices(["authorised", "completed"], [19, 1])[0]
    if not demo.ws.is_manager and state in ("authorised", "returned"):
        # Only a manager decides: a worker's demo records wait for one, so a bundle of them
        # never claims a decision nobody made.
        state = "completed"
    return state


def _record(
    demo: _Demo,
    session,
    child: Child,
    case: _Case,
    at: datetime,
    state: str,  # noqa: ANN001
    *,
    index: int,
    unborn: bool,
    story: str = "",
) -> Visit:
    """One visit record, with its authorisation task once completed."""
    rng = demo.rng
    dob = child.date_of_birth
    day = at.date()
    young = dob is not None and (day - dob).days < 4 * 365
    under_five = dob is not None and (day - dob).days < 5 * 365
    # A few visits in the random part of the caseload miss something the standards ask for.
    slips = 0.0 if case.clean else 1.0
    seen = "unborn" if unborn else ("no" if rng.random() < 0.03 * slips else "yes")
    if story in ("not_alone", "draft_seen_only"):
        seen = "yes"
    elif story in ("failed", "cancelled"):
        seen = "no"
    alone, reason = None, ""
    if seen == "yes":
        alone = "no" if young or rng.random() < 0.08 * slips else "yes"
        if story == "not_alone":
            alone = "no"
        if alone == "no":
            reason = (
                REASONS[2]
                if young
                else rng.choice(REASONS[1:2] + REASONS[3:])
                if story != "not_alone"
                else REASONS[1]
            )
    draft = state == "draft"
    values = dict(
        location="home" if rng.random() >= 0.05 * slips else "school",
        announced=rng.random() < 0.7,
        # Asked only of a baby under two (the question is not put for older children).
        joint_with_health_visitor=(index % 3 == 0)
        if seen == "yes" and dob is not None and (day - dob).days < 2 * 365
        else None,
        present=rng.choice(PRESENT),
        status_of_child=plan_status(case.plan_type),
        seen=seen,
        seen_alone=alone,
        not_seen_alone_reason=reason,
        not_seen_alone_category="other" if reason else None,
        seen_awake=True if seen == "yes" and under_five else None,
        attachment_observed=True if seen == "yes" and under_five else None,
        bedroom_seen=(rng.random() >= 0.2 * slips) if seen == "yes" else None,
        purpose=rng.choice(PURPOSES),
        findings="" if draft else rng.choice(FINDINGS),
        analysis="" if draft else rng.choice(ANALYSIS),
        conclusion="" if draft else rng.choice(CONCLUSIONS),
        recommendations="" if draft else rng.choice(RECOMMENDATIONS),
        outcome=None,
    )
    if story == "failed":
        values.update(
            location="home",
            outcome="failed",
            findings=FAILED_BECAUSE,
            analysis="",
            conclusion="",
            recommendations="",
            purpose=PURPOSES[0],
        )
    elif story == "cancelled":
        values.update(
            location="home",
            seen=None,
            outcome="cancelled",
            findings=rng.choice(CANCELLED_BECAUSE),
            analysis="",
            conclusion="",
            recommendations="",
            purpose=PURPOSES[0],
        )
    elif story == "draft_seen_only":
        # Only "Seen: Yes" so far: not yet a visit, so it moves no date.
        values.update(
            location=None,
            announced=None,
            joint_with_health_visitor=None,
            present="",
            seen_alone=None,
            not_seen_alone_reason="",
            not_seen_alone_category=None,
            seen_awake=None,
            attachment_observed=None,
            bedroom_seen=None,
            purpose="",
            findings="",
            analysis="",
            conclusion="",
            recommendations="",
        )
    done = None
    if state in ("completed", "authorised", "returned"):
        late = rng.random() < 0.1 * slips and story == ""
        done = at + timedelta(
            days=rng.randint(6, 12) if late else rng.randint(0, 1), hours=rng.randint(1, 5)
        )
        done = min(done, demo.now)
    worker, device = demo.ws.identity.worker_name, demo.ws.identity.device_id
    visit = Visit(
        id=new_id(),
        child_id=child.id,
        state=state,
        visited_at=at,
        completed_at=done,
        created_by=worker,
        origin_device=device,
        created_at=at,
        updated_at=done or at,
        **values,
    )
    # Now and then a visit that mattered, for the child's chronology (chosen without the
    # random numbers, so the rest of the caseload stays as it was).
    if state != "draft" and story == "" and index % 10 == 4:
        answers.store(
            visit, {"significant_event": SIGNIFICANT_EVENTS[index // 10 % len(SIGNIFICANT_EVENTS)]}
        )
    session.add(visit)
    if state != "draft":
        decided = state in ("authorised", "returned")
        session.add(
            AuthorisationTask(
                id=new_id(),
                visit_id=visit.id,
                visit_revision=1,
                state={"completed": "open"}.get(state, state),
                created_at=done or at,
                decided_at=min((done or at) + timedelta(days=1), demo.now) if decided else None,
                decided_by=worker if decided else "",
                decided_device=device if decided else "",
                comment="Please add the child's own words to the record."
                if state == "returned"
                else "",
            )
        )
    return visit


def _child(demo: _Demo, session, n: int, given: str, family: str, case: _Case) -> Child:  # noqa: ANN001
    rng, today = demo.rng, demo.today
    if case.years is None:
        dob, expected = None, today + timedelta(days=rng.randint(20, 150))
    else:
        low, high = case.years
        dob = today - timedelta(days=rng.randint(max(low * 365, 20), high * 365 + 300))
        expected = None
    child = Child(
        id=new_id(),
        given_name=given,
        family_name=family,
        date_of_birth=dob,
        expected_birth_date=expected,
        case_reference=f"DEMO-{demo.seed:02d}{n + 1:05d}",
        address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}, Exampleton EX1 {n % 9}ZZ",
        region="england-and-wales",
        origin_device=demo.ws.identity.device_id,
        created_at=demo.now,
        updated_at=demo.now,
    )
    session.add(child)
    start = today - timedelta(days=rng.randint(20, 200))
    plan = _plan(case, child, start, demo)
    session.add(plan)
    interval = _interval_days(case, plan, dob, demo)
    gap = max(interval - 3, 5)
    # Visits back from the latest to the plan start, mostly on time; some children have
    # fallen behind, and a child with a draft to look at has had no visit for a while. A child
    # whose latest record is the thing to look at had their last full visit half an interval
    # ago, so nothing else is due.
    told = case.story in ("not_alone", "failed", "cancelled", "returned")
    if case.story in ("behind", "draft_seen_only"):
        latest = today - timedelta(days=interval + rng.randint(3, 12))
    elif told:
        latest = today - timedelta(days=max(interval // 2, 3))
    else:
        latest = today - timedelta(days=rng.randint(2, max(gap - 2, 3)))
    begin = plan.placement_start or start
    days = []
    day = latest
    while day > begin:
        days.append(_working_day_on_or_before(day))
        day -= timedelta(days=gap + rng.randint(-2, 2))
    if days and days[-1] - begin > timedelta(days=4):
        days.append(begin + timedelta(days=rng.randint(1, 3)))  # soon after allocation
    for index, visit_day in enumerate(sorted(d for d in set(days) if start <= d < today)):
        _record(
            demo,
            session,
            child,
            case,
            _visit_time(visit_day, rng),
            _state(demo, (today - visit_day).days),
            index=index,
            unborn=dob is None,
        )
    if told or case.story == "draft_seen_only":
        state = {"draft_seen_only": "draft", "returned": "returned"}.get(case.story, "completed")
        yesterday = _working_day_on_or_before(today - timedelta(days=1))
        _record(
            demo,
            session,
            child,
            case,
            _visit_time(yesterday, rng),
            state,
            index=len(days),
            unborn=dob is None,
            story=case.story if case.story != "returned" else "",
        )
    return child


def fill(ws: Workspace, *, children: int = 25, seed: int = 1) -> int:
    """Add ``children`` fictional children with a few months of visits. Returns how many.

    The caseload suits the installation's authority: the first children show what its
    standards ask for (a child in need, child protection, looked after, both, an unborn baby,
    a draft that so far says only that the child was seen, a child not seen alone and why, a
    failed visit; a cancelled visit under the 2019 visiting policy; Disabled Children's
    Service levels under Getting it Right; plan meetings for Leicestershire's children in
    need), the rest are drawn at random. Three siblings and two live together and have
    household visits (``demo_households``).

    On a worker's installation the records are drafts or completed and awaiting a decision;
    on a manager's, the decisions are the manager's own. Demo data never claims a decision
    from anyone else.
    """
    if not 1 <= children <= 20000:
        from visitdesk.errors import UserError

        raise UserError("--children must be between 1 and 20000")
    from visitdesk.services import demo_households
    from visitdesk.services.facts import installation_authority

    rng = random.Random(seed)
    demo = _Demo(ws, rng, seed, ws.today(), ws.now(), installation_authority(ws))
    names = [(g, f) for g in GIVEN for f in FAMILY]
    picked = rng.sample(names, min(children, len(names)))
    picked += [rng.choice(names) for _ in range(children - len(picked))]
    cases = _showcase(demo)[:children]
    with ws.db.transaction() as session:
        made = []
        for n, (given, family) in enumerate(picked):
            case = cases[n] if n < len(cases) else _random_case(demo)
            made.append((_child(demo, session, n, given, family, case), case))
        # Sibling groups in households, visited together.
        demo_households.add(demo, session, made, _record, _interval_days)
        if children <= _FREEZE_UP_TO:
            _freeze_checks(ws, session)
        ws.audit(session, "demo", "caseload", detail=f"{children} children, seed {seed}")
    return children


def changes_of_fill() -> Changes:
    """What :func:`fill` changed: a whole caseload of children, records and decisions."""
    return Changes.everything()


# A demo caseload's completed records keep the check made when they were completed, as real
# ones do. Working that out for every record of a very large demo (a load test) would take
# minutes; its records then say honestly that no check was kept.
_FREEZE_UP_TO = 500


def _freeze_checks(ws: Workspace, session) -> None:  # noqa: ANN001
    from visitdesk.services.checks import freeze_check, record_findings

    session.flush()
    done = session.scalars(
        select(Visit).where(
            Visit.state.in_(("completed", "authorised")), Visit.completion_check == ""
        )
    )
    for visit in list(done):
        when = visit.completed_at or visit.visited_at
        findings = record_findings(ws, session, visit, when.date())
        visit.completion_check = freeze_check(ws, session, visit, findings, when)
