"""Build the synthetic caseload the benchmarks run on: 5,000 children and 100,000 visits.

Rows are written with bulk inserts into a real encrypted database, so building it takes seconds;
the benchmarks then use the app's own code paths on it.
"""

from __future__ import annotations

import random
import tempfile
from datetime import datetime, time, timedelta
from pathlib import Path

from sqlalchemy import insert

from visitdesk.services.workspace import Workspace, initialise
from visitdesk.storage.models import AuthorisationTask, Child, Plan, Visit, new_id

PASSPHRASE = "benchmark passphrase"


def build(
    folder: Path | None = None,
    *,
    children: int = 5000,
    visits_per_child: int = 20,
    role: str = "worker",
    seed: int = 11,
    decided: bool = True,
) -> Workspace:
    """``decided=False`` leaves completed records waiting for a manager, as a worker's
    bundle carries them; otherwise they are authorised here, as on a manager's copy."""
    folder = folder or Path(tempfile.mkdtemp(prefix="visitdesk-bench-")) / "data"
    ws = initialise(
        folder,
        PASSPHRASE,
        name="Bench Worker",
        role=role,
        policy_id="visiting-policy-2019",
        team="Bench Team",
    )
    rng = random.Random(seed)
    today = ws.today()
    now = ws.now()
    child_rows, plan_rows, visit_rows, task_rows = [], [], [], []
    for n in range(children):
        cid = new_id()
        dob = today - timedelta(days=rng.randint(30, 17 * 365))
        child_rows.append(
            dict(
                id=cid,
                given_name=f"Child{n}",
                family_name="Bench",
                date_of_birth=dob,
                case_reference=f"BENCH-{n:05d}",
                address="",
                household_notes="",
                region="england-and-wales",
                revision=1,
                origin_device=ws.identity.device_id,
                change_seq=1,
                created_at=now,
                updated_at=now,
            )
        )
        plan_type = rng.choice(["CIN", "CIN", "CP", "CLA"])
        start = today - timedelta(days=visits_per_child * 14 + 10)
        plan_rows.append(
            dict(
                id=new_id(),
                child_id=cid,
                plan_type=plan_type,
                start_date=start,
                allocated_on=start,
                visit_every=10 if plan_type == "CP" else None,
                visit_unit="working_days" if plan_type == "CP" else None,
                visit_rationale="Agreed at conference" if plan_type == "CP" else "",
                electively_home_educated=False,
                regulation_24=False,
                placement_until_18=False,
                revision=1,
                change_seq=1,
                updated_at=now,
            )
        )
        for i in range(visits_per_child):
            day = start + timedelta(days=5 + i * 14 + rng.randint(-2, 2))
            while day.weekday() >= 5:
                day -= timedelta(days=1)
            at = datetime.combine(day, time(10, 0))
            vid = new_id()
            done = "authorised" if decided else "completed"
            state = "draft" if i == visits_per_child - 1 and rng.random() < 0.2 else done
            alone = "yes" if rng.random() < 0.8 else "no"
            visit_rows.append(
                dict(
                    id=vid,
                    child_id=cid,
                    state=state,
                    revision=1,
                    visited_at=at,
                    location="home",
                    announced=True,
                    joint_with_health_visitor=False,
                    present="Mother",
                    status_of_child=f"{plan_type} Plan",
                    seen="yes",
                    seen_alone=alone,
                    not_seen_alone_category="other" if alone == "no" else None,
                    not_seen_alone_reason="Asleep." if alone == "no" else "",
                    seen_awake=True,
                    bedroom_seen=rng.random() < 0.6,
                    attachment_observed=None,
                    observations="",
                    purpose="Statutory visit.",
                    childs_voice="Said school is fine.",
                    findings="Home warm and tidy. " * 20,
                    analysis="On track.",
                    conclusion="Continue.",
                    recommendations="Next visit as planned.",
                    completed_at=None if state == "draft" else at + timedelta(days=1),
                    created_by="Bench Worker",
                    origin_device=ws.identity.device_id,
                    conflict_of=None,
                    synced_hash="",
                    change_seq=1,
                    created_at=at,
                    updated_at=at,
                )
            )
            if state != "draft":
                task_rows.append(
                    dict(
                        id=new_id(),
                        visit_id=vid,
                        visit_revision=1,
                        state=state if decided else "open",
                        created_at=at,
                        decided_at=at if decided else None,
                        decided_by="Bench Manager" if decided else "",
                        decided_device=ws.identity.device_id if decided else "",
                        comment="",
                        change_seq=1,
                    )
                )
    with ws.db.transaction() as session:
        for model, rows in (
            (Child, child_rows),
            (Plan, plan_rows),
            (Visit, visit_rows),
            (AuthorisationTask, task_rows),
        ):
            for start_row in range(0, len(rows), 5000):
                session.execute(insert(model), rows[start_row : start_row + 5000])
    return ws


if __name__ == "__main__":
    import time as _time

    t = _time.perf_counter()
    ws = build()
    print(f"built {ws.data_dir} in {_time.perf_counter() - t:.1f} s")
    ws.close()
