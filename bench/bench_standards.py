"""Benchmark the standards engine on a synthetic caseload: 5,000 children, 100,000 visits.

Run as ``python bench/bench_standards.py``. Prints the median time to re-validate one visit
form against its child's history (target under 2 ms) and the time to compute the due-status
of every child (target under 300 ms), for each shipped profile and for each shipped
authority (every profile a child's plan falls under, combined: what the app does). Nothing
touches the disk.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from visitdesk.standards import (  # noqa: E402
    ChildFacts,
    VisitFacts,
    VisitInterval,
    check_form,
    due_status,
    evaluate,
    judge,
    judge_due,
    judge_form,
    list_authorities,
    list_policies,
    load_authority,
    load_policy,
)
from visitdesk.standards.case import HolidayFacts, MeetingFacts  # noqa: E402

CHILDREN = 5_000
VISITS = 100_000
AS_OF = date(2026, 11, 16)
FORM_TARGET_MS = 2.0
CASELOAD_TARGET_MS = 300.0

TEXT = "Saw the child at home with their mother; talked about school and friendships."


def synthetic_caseload(seed: int = 7) -> list[tuple[ChildFacts, list[VisitFacts]]]:
    """Children of every plan type, age and region, each with a realistic run of visits:
    some visits cancelled or failed, some family holidays with video contact, and the plan
    meetings of children in need."""
    rnd = random.Random(seed)
    per_child = VISITS // CHILDREN
    plans = ["CIN", "CP", "CLA", "CP+CLA"]
    regions = ["england-and-wales"] * 8 + ["scotland", "northern-ireland"]
    caseload = []
    for n in range(CHILDREN):
        plan = plans[n % len(plans)]
        first = AS_OF - timedelta(days=per_child * 14 + rnd.randrange(0, 30))
        unborn = n % 97 == 0
        dob = None if unborn else AS_OF - timedelta(days=rnd.randrange(30, 17 * 365))
        interval = None
        if n % 5 == 0:
            interval = VisitInterval(rnd.choice([7, 10, 14]), "days", "agreed at review")
        child = ChildFacts(
            plan=plan,
            date_of_birth=dob,
            expected_birth_date=AS_OF + timedelta(days=60) if unborn else None,
            plan_start=first - timedelta(days=5),
            allocated_on=first - timedelta(days=3),
            region=rnd.choice(regions),
            visit_interval=interval,
            electively_home_educated=n % 23 == 0,
            regulation_24=plan != "CIN" and n % 11 == 0,
            placement_start=first - timedelta(days=2) if "CLA" in plan else None,
            placement_until_18=n % 3 == 0,
            dcs_level=["family_support", "direct_payments", None, None][n % 4]
            if plan == "CIN"
            else None,
            first_review_date=first + timedelta(days=25) if "CLA" in plan else None,
            meetings=tuple(
                MeetingFacts(
                    f"c{n}m{k}",
                    "review" if k % 4 == 3 else "progress",
                    first + timedelta(days=35 * k + rnd.randrange(0, 7)),
                    held=rnd.random() < 0.9,
                    notes_circulated_on=first + timedelta(days=35 * k + 9)
                    if rnd.random() < 0.8
                    else None,
                )
                for k in range(per_child * 14 // 35)
            )
            if plan == "CIN"
            else (),
            holidays=(
                HolidayFacts(
                    AS_OF - timedelta(days=60), AS_OF - timedelta(days=46), abroad=n % 2 == 0
                ),
            )
            if n % 10 == 0
            else (),
        )
        visits = []
        at = datetime.combine(first, datetime.min.time()).replace(hour=10)
        for k in range(per_child):
            at += timedelta(days=rnd.randrange(7, 20), hours=rnd.randrange(-1, 2))
            failed = rnd.random() < 0.06
            alone = rnd.random() < 0.7
            recent = k >= per_child - 2
            cancelled = rnd.random() < 0.03  # the worker could not go: nobody seen
            away = any(h.start <= at.date() <= h.end for h in child.holidays)
            visits.append(
                VisitFacts(
                    id=f"c{n}v{k}",
                    visited_at=at,
                    location=rnd.choice(["home"] * 6 + ["school"]),
                    seen=None if cancelled else "unborn" if unborn else ("no" if failed else "yes"),
                    seen_alone=None
                    if failed or unborn or cancelled
                    else ("yes" if alone else "no"),
                    not_seen_alone_reason=None if alone else "Asleep when we arrived.",
                    not_seen_alone_category=None if alone else "not_possible",
                    bedroom_seen=rnd.random() < 0.6,
                    seen_awake=True,
                    attachment_observed=True,
                    joint_with_health_visitor=rnd.random() < 0.3,
                    purpose=TEXT,
                    findings=TEXT,
                    analysis=TEXT,
                    conclusion=TEXT,
                    recommendations=None if recent else TEXT,
                    completed=not recent,
                    recorded_at=None if recent else at + timedelta(hours=rnd.randrange(2, 90)),
                    outcome="cancelled" if cancelled else None,
                    contact="video" if away else None,
                )
            )
        caseload.append((child, visits))
    return caseload


def bench_form(policy, caseload, samples: int = 3_000, fn=check_form) -> float:
    """Median ms to check the newest visit of a random child as if it were being typed."""
    rnd = random.Random(11)
    times = []
    for _ in range(samples):
        child, visits = caseload[rnd.randrange(len(caseload))]
        draft = replace(visits[-1], completed=True, recorded_at=datetime(2026, 11, 16, 12, 0))
        history = visits[:-1]
        # The form re-validates on every keystroke for the same child: time the repeat.
        fn(policy, child, history, draft, AS_OF)
        start = time.perf_counter()
        fn(policy, child, history, draft, AS_OF)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_caseload(policy, caseload, fn) -> float:
    """Best of three runs, in ms, of ``fn`` over every child."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for child, visits in caseload:
            fn(policy, child, visits, AS_OF)
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def main() -> int:
    start = time.perf_counter()
    caseload = synthetic_caseload()
    total = sum(len(v) for _, v in caseload)
    print(
        f"synthetic caseload: {len(caseload):,} children, {total:,} visits "
        f"(built in {time.perf_counter() - start:.1f} s)"
    )
    ok = True
    print(f"{'profile':<26}{'form (median)':>15}{'due-status (all)':>19}{'evaluate (all)':>17}")
    for info in list_policies():
        policy = load_policy(info.id)
        form_ms = bench_form(policy, caseload)
        due_ms = bench_caseload(policy, caseload, due_status)
        full_ms = bench_caseload(policy, caseload, evaluate)
        ok &= form_ms < FORM_TARGET_MS and due_ms < CASELOAD_TARGET_MS
        print(f"{info.id:<26}{form_ms:>12.3f} ms{due_ms:>16.1f} ms{full_ms:>14.1f} ms")
    print(f"{'authority':<26}{'form (median)':>15}{'due-status (all)':>19}{'judge (all)':>17}")
    for info in list_authorities():
        authority = load_authority(info.id)
        form_ms = bench_form(authority, caseload, fn=judge_form)
        due_ms = bench_caseload(authority, caseload, judge_due)
        full_ms = bench_caseload(authority, caseload, judge)
        ok &= form_ms < FORM_TARGET_MS and due_ms < CASELOAD_TARGET_MS
        print(f"{info.id:<26}{form_ms:>12.3f} ms{due_ms:>16.1f} ms{full_ms:>14.1f} ms")
    print(
        f"targets: form < {FORM_TARGET_MS:g} ms, due-status of all children < "
        f"{CASELOAD_TARGET_MS:g} ms (evaluate is the full check, shown for reference)"
    )
    print("result:", "all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
