"""Benchmark: completing a household visit of four children, four records at once.

Run: python bench/bench_household.py [--runs N] [--small]   (target: under 200 ms)

On the synthetic caseload (5,000 children, 100,000 visits; ``--small``: a fresh data folder
with only these children), four children with twenty visits each live in one household; each
run starts a household visit to them, writes the shared part and each child's own, then times
``household_visits.complete`` (each child's check, frozen, and an authorisation task each, in
one transaction). The baseline completes four visits to one child each, one after the other,
as the same four records would be without a household visit. Prints the median and the worst
of the runs for both, and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from sqlalchemy import select  # noqa: E402

from visitdesk.services import household_visits, households, records  # noqa: E402
from visitdesk.services.records import PlanInput  # noqa: E402
from visitdesk.services.workspace import Workspace  # noqa: E402
from visitdesk.storage.models import Child, Visit  # noqa: E402

TARGET_MS = 200.0
CHILDREN = 4
SHARED = {
    "location": "home",
    "announced": True,
    "present": "Mother and the four children",
    "home_conditions": "Warm and tidy; food in the cupboards; the bunk beds are up. " * 3,
    "purpose": "Statutory visit to all four children to review the plan's actions. " * 3,
}
OWN = {
    "seen": "yes",
    "seen_alone": "yes",
    "bedroom_seen": True,
    "seen_awake": True,
    "childs_voice": "Said school is better and that they like their new room. " * 6,
    "findings": "Well, chatty and at ease with their brothers and sisters. " * 12,
    "analysis": "Things are steadier since the move; the plan is working. " * 6,
    "conclusion": "The plan remains right for now. " * 2,
    "recommendations": "Ask school for attendance figures before the next core group. " * 3,
}


def _workspace(small: bool) -> Workspace:
    if small:
        from visitdesk.services.workspace import initialise

        folder = Path(tempfile.mkdtemp(prefix="visitdesk-bench-")) / "data"
        return initialise(
            folder,
            "benchmark passphrase",
            name="Bench Worker",
            role="worker",
            policy_id="visiting-policy-2019",
            team="Bench Team",
        )
    from synthetic import build

    t = time.perf_counter()
    ws = build()
    print(f"synthetic caseload built in {time.perf_counter() - t:.1f} s")
    return ws


def _children(ws: Workspace, small: bool, count: int, offset: int) -> list[str]:
    """``count`` children with a history and no draft: from the synthetic caseload, or
    added with twenty completed visits each."""
    if not small:
        with ws.db.sessions() as session:
            drafts = select(Visit.child_id).where(Visit.state == "draft")
            found = session.scalars(
                select(Child.id)
                .where(Child.id.not_in(drafts))
                .order_by(Child.case_reference)
                .offset(offset)
                .limit(count)
            )
            return list(found)
    ids = []
    start = ws.today() - timedelta(days=300)
    for n in range(count):
        child = records.add_child(
            ws,
            given_name=f"Child{offset + n}",
            family_name="Bench",
            date_of_birth=date(2012 + n, 3, 1),
            plan=PlanInput("CIN", start, allocated_on=start),
        )
        for k in range(20):
            at = datetime.combine(start + timedelta(days=5 + 14 * k), datetime.min.time())
            visit = records.start_visit(ws, child, at.replace(hour=10), **SHARED, **OWN)
            records.complete_visit(ws, visit)
        ids.append(child)
    return ids


def _visit_times(ws: Workspace, runs: int) -> list[datetime]:
    """One past moment for each run, an hour apart, the earliest first."""
    latest = ws.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    return [latest - timedelta(hours=runs - n) for n in range(runs)]


def _household_runs(ws: Workspace, children: list[str], runs: int) -> list[float]:
    for other in children[1:]:
        households.join_household(ws, children[0], other, ws.today() - timedelta(days=400))
    out = []
    for at in _visit_times(ws, runs):
        hv = household_visits.start(ws, children, at, **SHARED)
        own = {r.visit_id: OWN for r in household_visits.records_of(ws, hv)}
        household_visits.save(ws, hv, SHARED, own)
        t = time.perf_counter()
        household_visits.complete(ws, hv)
        out.append((time.perf_counter() - t) * 1000)
    return out


def _single_runs(ws: Workspace, children: list[str], runs: int) -> list[float]:
    out = []
    for at in _visit_times(ws, runs):
        drafts = [records.start_visit(ws, child, at, **SHARED, **OWN) for child in children]
        t = time.perf_counter()
        for visit in drafts:
            records.complete_visit(ws, visit)
        out.append((time.perf_counter() - t) * 1000)
    return out


def _line(what: str, values: list[float]) -> str:
    return f"{what:38} median {statistics.median(values):7.1f} ms   worst {max(values):7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, metavar="N")
    parser.add_argument("--small", action="store_true", help="a fresh data folder")
    args = parser.parse_args()
    ws = _workspace(args.small)
    try:
        together = _children(ws, args.small, CHILDREN, 0)
        apart = _children(ws, args.small, CHILDREN, CHILDREN)
        household = _household_runs(ws, together, args.runs)
        single = _single_runs(ws, apart, args.runs)
    finally:
        ws.close()
    print(f"{CHILDREN} children, {args.runs} runs each")
    print(_line("household visit, 4 records at once", household) + f"   (target < {TARGET_MS:.0f})")
    print(_line("4 single visits, one after the other", single))
    ratio = statistics.median(household) / statistics.median(single)
    print(f"household / single (median): {ratio:.2f}")
    if statistics.median(household) >= TARGET_MS:
        print("over target: profile household_visits.complete")


if __name__ == "__main__":
    main()
