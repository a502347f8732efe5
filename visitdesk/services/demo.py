"""A plausible, clearly fictional caseload so a new user sees a working app at once.

Every demo child's case reference starts with ``DEMO-`` and every address is in the fictional
town of Exampleton. The same seed always gives the same caseload.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from visitdesk.services.workspace import Workspace
from visitdesk.storage.models import AuthorisationTask, Child, Plan, Visit, new_id

GIVEN = [
    "Amara", "Bilal", "Chloe", "Dylan", "Ella", "Finley", "Grace", "Harvey", "Isla", "Jayden",
    "Kacper", "Layla", "Mason", "Nia", "Oscar", "Poppy", "Reuben", "Siân", "Tomasz", "Zoë",
    "Łucja", "Aoife", "Yusuf", "Ruby", "Theo", "Maya", "Kai", "Freya", "Leo", "Evie",
]
FAMILY = [
    "Ashworth", "Brennan", "Clarke", "Dobson", "Evans", "Fairweather", "Gallagher", "Hughes",
    "Iqbal", "Jones", "Kowalski", "Lewis", "Mensah", "Nguyễn", "Ó Briain", "Patel", "Quinn",
    "Roberts", "Shah", "Thomas", "Underwood", "Vaughan", "Williams", "Young",
]
STREETS = ["Sample Road", "Example Street", "Fictional Avenue", "Placeholder Close",
           "Demo Crescent", "Mock Lane"]
PRESENT = ["Mother", "Mother and stepfather", "Father", "Grandmother (kinship carer)",
           "Foster carer", "Mother and maternal aunt"]
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
RECOMMENDATIONS = ["Continue the plan; next visit as scheduled.",
                   "Chase the housing referral before the next core group."]


def _visit_time(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.choice([9, 10, 11, 13, 14, 15, 16]),
                                      rng.choice([0, 15, 30, 45])))


def _working_day_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def fill(ws: Workspace, *, children: int = 25, seed: int = 1) -> int:
    """Add ``children`` fictional children with a few months of visits. Returns how many.

    On a worker's installation the records are drafts or completed and awaiting a decision;
    on a manager's, the decisions are the manager's own. Demo data never claims a decision
    from anyone else.
    """
    if not 1 <= children <= 20000:
        from visitdesk.errors import UserError

        raise UserError("--children must be between 1 and 20000")
    rng = random.Random(seed)
    today = ws.today()
    now = ws.now()
    worker = ws.identity.worker_name
    device = ws.identity.device_id
    names = [(g, f) for g in GIVEN for f in FAMILY]
    picked = rng.sample(names, min(children, len(names)))
    picked += [rng.choice(names) for _ in range(children - len(picked))]
    with ws.db.transaction() as session:
        for n, (given, family) in enumerate(picked):
            plan_type = rng.choices(["CIN", "CP", "CLA", "CP+CLA"], [5, 3, 2, 1])[0]
            unborn = plan_type in ("CIN", "CP") and rng.random() < 0.06
            if unborn:
                dob, expected = None, today + timedelta(days=rng.randint(20, 150))
            else:
                dob = today - timedelta(days=rng.randint(20, 17 * 365 + 300))
                expected = None
            child = Child(
                id=new_id(), given_name=given, family_name=family,
                date_of_birth=dob, expected_birth_date=expected,
                case_reference=f"DEMO-{seed:02d}{n + 1:05d}",
                address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}, Exampleton EX1 {n % 9}ZZ",
                region="england-and-wales", origin_device=device, created_at=now,
                updated_at=now,
            )
            session.add(child)
            start = today - timedelta(days=rng.randint(20, 200))
            every, unit, rationale = None, None, ""
            if plan_type in ("CP", "CP+CLA"):
                every, unit = rng.choice([(10, "working_days"), (2, "weeks"), (1, "weeks")])
                rationale = "Agreed at the initial child protection conference."
            plan = Plan(
                id=new_id(), child_id=child.id, plan_type=plan_type, start_date=start,
                allocated_on=start, visit_every=every, visit_unit=unit,
                visit_rationale=rationale, electively_home_educated=rng.random() < 0.04,
                placement_start=start if "CLA" in plan_type else None, updated_at=now,
            )
            session.add(plan)
            # Visits from the plan start until a little before today, mostly on time; some
            # children fall behind.
            if every is not None:
                interval = {"weeks": 7 * every, "working_days": every * 7 // 5,
                            "days": every}[unit]
            else:
                interval = {"CIN": 28, "CLA": 42}.get(plan_type, 14)
            gap = max(interval - 3, 5)
            behind = rng.random() < 0.15
            day = start + timedelta(days=rng.randint(1, 4))
            stop = today - timedelta(days=interval + rng.randint(3, 12) if behind else 2)
            while day <= stop:
                visit_day = _working_day_on_or_before(day)
                at = _visit_time(visit_day, rng)
                seen = "unborn" if unborn else ("no" if rng.random() < 0.05 else "yes")
                alone = None
                reason = ""
                if seen == "yes":
                    young = dob is not None and (visit_day - dob).days < 4 * 365
                    alone = "no" if young or rng.random() < 0.2 else "yes"
                    reason = rng.choice(REASONS) if alone == "no" else ""
                age_days = (today - visit_day).days
                if age_days < 6 and rng.random() < 0.5:
                    state = "draft"
                elif age_days < 21:
                    state = rng.choices(["authorised", "completed", "returned"], [4, 5, 1])[0]
                else:
                    state = rng.choices(["authorised", "completed"], [19, 1])[0]
                if not ws.is_manager and state in ("authorised", "returned"):
                    # Only a manager decides: a worker's demo records wait for one, so a
                    # bundle of them never claims a decision nobody made.
                    state = "completed"
                late = rng.random() < 0.1
                done = None
                if state in ("completed", "authorised"):
                    done = at + timedelta(days=rng.randint(6, 12) if late else rng.randint(0, 2),
                                          hours=rng.randint(1, 5))
                    done = min(done, now)
                visit = Visit(
                    id=new_id(), child_id=child.id, state=state, visited_at=at,
                    location="home" if rng.random() < 0.9 else "school",
                    announced=rng.random() < 0.7, joint_with_health_visitor=False,
                    present=rng.choice(PRESENT), status_of_child=plan_type + " Plan",
                    seen=seen, seen_alone=alone, not_seen_alone_reason=reason,
                    not_seen_alone_category="other" if reason else None,
                    seen_awake=True if seen == "yes" else None,
                    bedroom_seen=rng.random() < 0.7 if seen == "yes" else None,
                    purpose=rng.choice(PURPOSES),
                    findings="" if state == "draft" else rng.choice(FINDINGS),
                    analysis="" if state == "draft" else rng.choice(ANALYSIS),
                    conclusion="" if state == "draft" else rng.choice(CONCLUSIONS),
                    recommendations="" if state == "draft" else rng.choice(RECOMMENDATIONS),
                    completed_at=done, created_by=worker, origin_device=device,
                    created_at=at, updated_at=done or at,
                )
                session.add(visit)
                if state != "draft":
                    decided = state in ("authorised", "returned")
                    session.add(AuthorisationTask(
                        id=new_id(), visit_id=visit.id, visit_revision=1,
                        state={"completed": "open"}.get(state, state),
                        created_at=done or at,
                        decided_at=(done or at) + timedelta(days=1) if decided else None,
                        decided_by=worker if decided else "",
                        decided_device=device if decided else "",
                        comment="Please add the child's own words to the record."
                        if state == "returned" else "",
                    ))
                day += timedelta(days=gap + rng.randint(-2, 2))
        ws.audit(session, "demo", "caseload", detail=f"{children} children, seed {seed}")
    return children
