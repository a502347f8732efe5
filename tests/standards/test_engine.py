"""Engine behaviour that holds for every profile: output shape, ordering, codes, caching."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import datetime

from visitdesk.standards import VisitInterval, check_form, evaluate, load_policy
from visitdesk.standards.case import MeetingFacts

from .helpers import child, d, run, visit

# Every finding code the engine can produce. The brief's list is the first fifteen.
ALL_CODES = {
    "visit.overdue",
    "visit.not_statutory",
    "visit.reattempt_due",
    "visit.reattempt_overdue",
    "first_visit.overdue",
    "record.late",
    "record.overdue",
    "record.sections_missing",
    "seen_alone.reason_required",
    "seen_alone.overdue",
    "bedroom.overdue",
    "seen_awake.required",
    "joint_visit.overdue",
    "plan.review_due",
    "plan.visit_interval_missing",
    # added where the seeds need them
    "visit.late",
    "visit.reattempt_late",
    "visit.failed_repeatedly",
    "visit.after_as_of",
    "first_visit.late",
    "record.deadline_not_set",
    "attachment.observation_required",
    "plan.visit_interval_too_long",
    "plan.visit_interval_rationale_missing",
    "policy.plan_not_covered",
    "child.facts_missing",
    # plan meetings (Leicestershire CIN procedure)
    "meeting.progress_overdue",
    "meeting.notes_late",
    "meeting.notes_overdue",
}


def _scenarios():
    """Cases that between them raise every code (each is checked in detail elsewhere)."""
    no = dict(seen="no", seen_alone=None)
    yield run(
        "getting-it-right-2018",
        child("CIN"),
        [
            visit("v1", "2026-09-01", **no),
            visit("v2", "2026-09-02", **no),
            visit("v3", "2026-09-10", seen_alone="no", not_seen_alone_reason="", conclusion=""),
            visit("v4", "2026-11-20", completed=False, recorded_at=None),
            visit("v5", "2026-12-01", recorded_at=datetime(2026, 12, 20, 9, 0)),
            visit("v6", "2026-12-04", **no),
            visit("v7", "2027-03-01"),
        ],
        "2027-01-20",
    )
    yield run(
        "getting-it-right-2018",
        child("CP+CLA", date_of_birth=d("2025-06-01")),
        [
            visit("v1", "2026-09-02", joint_with_health_visitor=False),
        ],
        "2026-10-20",
    )
    yield run(
        "getting-it-right-2018",
        child("CIN", visit_interval=VisitInterval(6, "weeks")),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
    )
    yield run(
        "leicestershire-cin-2024",
        child("CIN", allocated_on=None),
        [
            visit("v1", "2026-09-30"),
        ],
        "2026-12-23",
    )
    yield run(
        "leicestershire-cin-2024", child("CIN", allocated_on=d("2026-09-01")), [], "2026-09-30"
    )
    yield run(
        "seen-alone-guidance",
        child("CIN", date_of_birth=d("2023-01-01")),
        [
            visit("v1", "2026-09-03", attachment_observed=None),
        ],
        "2026-09-04",
    )
    yield run(
        "seen-alone-guidance",
        child("CIN"),
        [
            visit("v1", "2026-09-03", seen_alone="no"),
        ],
        "2026-11-01",
    )
    yield run(
        "visiting-policy-2019",
        child("CP", date_of_birth=d("2023-01-01")),
        [
            visit("v1", "2026-09-03", seen_alone="no", location="school", bedroom_seen=None),
            visit("v2", "2026-09-08", seen_alone="no", seen_awake=None, bedroom_seen=False),
        ],
        "2026-09-09",
    )
    yield run(
        "visiting-policy-2019",
        child("CP", visit_interval=VisitInterval(30, "working_days", "x")),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
    )
    yield run(
        "england-cla-2010",
        child("CLA", placement_start=d("2026-03-02"), regulation_24=True),
        [visit("v1", "2026-03-06", seen_alone="no")],
        "2026-03-07",
    )
    yield run("visiting-policy-2019", child("CIN"), [visit("v1", "2026-09-03", **no)], "2026-09-04")
    yield run(
        "leicestershire-cin-2024",
        child(
            "CIN",
            meetings=(
                MeetingFacts("m1", "progress", d("2026-09-07"), True, d("2026-09-30")),
                MeetingFacts("m2", "progress", d("2026-10-05"), True, None),
            ),
        ),
        [],
        "2026-12-01",
    )


def test_every_finding_code_is_produced_by_some_case():
    seen = set()
    for ev in _scenarios():
        seen |= {f.code for f in ev.findings}
    assert seen == ALL_CODES, (ALL_CODES - seen, seen - ALL_CODES)


def test_json_has_exactly_the_brief_shape():
    ev = run(
        "leicestershire-cin-2024",
        child("CIN"),
        [
            visit(
                "v1",
                "2026-09-03T10:00",
                seen_alone="no",
                not_seen_alone_reason="x",
                completed=False,
                recorded_at=None,
            ),
        ],
        "2026-09-20",
    )
    out = ev.to_json()
    assert list(out) == ["policy", "as_of", "next_visit_due", "visit_overdue", "visits", "findings"]
    assert out["policy"] == "leicestershire-cin-2024" and out["as_of"] == "2026-09-20"
    assert list(out["visits"][0]) == [
        "id",
        "statutory",
        "record_due",
        "recorded_late",
        "reattempt_due",
    ]
    assert out["visits"][0]["record_due"] == "2026-09-06T10:00"  # hour-based: a date-time
    for f in out["findings"]:
        assert list(f) == ["code", "severity", "visit", "field", "message", "source", "rule"]
        assert f["severity"] in ("error", "warning", "info")
    json.dumps(out)  # plain JSON types only
    assert "schedule" in ev.to_json(include_schedule=True)


def test_findings_are_ordered_errors_first_and_fields_are_visit_fields():
    from visitdesk.standards.case import VISIT_FIELDS

    for ev in _scenarios():
        ranks = [{"error": 0, "warning": 1, "info": 2}[f.severity] for f in ev.findings]
        assert ranks == sorted(ranks)
        for f in ev.findings:
            assert f.field is None or f.field in VISIT_FIELDS
            assert f.source and f.message and "\n" not in f.message
            assert f.message[0].isupper() and f.message.rstrip().endswith(".")


def test_result_does_not_depend_on_the_order_visits_are_given():
    visits = [
        visit(
            f"v{i}",
            f"2026-09-{i + 1:02d}",
            seen_alone="no" if i % 2 else "yes",
            not_seen_alone_reason="r",
        )
        for i in range(12)
    ]
    policy = load_policy("visiting-policy-2019")
    kid = child("CP")
    first = evaluate(policy, kid, visits, d("2026-10-01"))
    shuffled = list(visits)
    random.Random(3).shuffle(shuffled)
    second = evaluate(policy, kid, shuffled, d("2026-10-01"))
    assert first.findings == second.findings
    assert first.next_visit_due == second.next_visit_due
    assert [v.id for v in second.visits] == [v.id for v in shuffled]  # input order kept


def test_visits_after_as_of_are_listed_but_not_counted():
    ev = run(
        "visiting-policy-2019",
        child("CP"),
        [
            visit("v1", "2026-09-03"),
            visit("v2", "2026-09-20"),
        ],
        "2026-09-10",
    )
    assert ev.next_visit_due == d("2026-09-17")
    assert [v.id for v in ev.visits] == ["v1", "v2"]
    assert any(f.code == "visit.after_as_of" and f.visit == "v2" for f in ev.findings)


def test_a_late_past_visit_is_noted():
    ev = run(
        "visiting-policy-2019",
        child("CP"),
        [
            visit("v1", "2026-09-03"),
            visit("v2", "2026-09-25"),
        ],
        "2026-09-26",
    )
    late = [f for f in ev.findings if f.code == "visit.late"]
    assert [(f.visit, f.severity, f.source, f.rule) for f in late] == [
        ("v2", "info", "Visiting policy 2019, I.5", "cp-frequency")
    ]


def test_shared_context_does_not_carry_facts_between_calls():
    # The first call needs the plan start (no visits yet); the second does not.
    kid = child("CIN", plan_start=None, allocated_on=d("2026-09-01"))
    policy = load_policy("getting-it-right-2018")
    first = evaluate(policy, kid, [], d("2026-09-02"))
    assert any(f.code == "child.facts_missing" for f in first.findings)
    second = evaluate(policy, kid, [visit("v1", "2026-09-03")], d("2026-09-04"))
    assert not any(f.code == "child.facts_missing" for f in second.findings)


def test_extra_closures_move_deadlines():
    kid = child("CP")
    visits = [visit("v1", "2026-09-03T10:00", completed=False, recorded_at=None)]
    plain = evaluate(load_policy("getting-it-right-2018"), kid, visits, d("2026-09-03"))
    closed = evaluate(
        load_policy("getting-it-right-2018", extra_closures=[d("2026-09-04")]),
        kid,
        visits,
        d("2026-09-03"),
    )
    assert plain.visits[0].record_due == d("2026-09-04")
    assert closed.visits[0].record_due == d("2026-09-07")


def test_an_unknown_age_still_gets_the_strictest_frequency():
    ev = run(
        "getting-it-right-2018",
        child("CP", date_of_birth=None),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
    )
    assert ev.next_visit_due == d("2026-09-10")  # weekly: could be under one
    assert any(f.code == "child.facts_missing" for f in ev.findings)


def test_check_form_and_evaluate_agree_on_the_draft():
    kid = child("CIN")
    history = [visit("v1", "2026-09-03")]
    draft = visit("v2", "2026-09-24", seen_alone="no", not_seen_alone_reason="", purpose="")
    policy = load_policy("getting-it-right-2018")
    form = {(f.code, f.field) for f in check_form(policy, kid, history, draft, d("2026-09-24"))}
    whole = {
        (f.code, f.field)
        for f in evaluate(policy, kid, [*history, draft], d("2026-09-24")).findings
        if f.visit == "v2"
    }
    assert form == whole


def test_finding_is_a_frozen_value():
    ev = run("visiting-policy-2019", child("CP"), [visit("v1", "2026-09-03")], "2026-12-01")
    f = ev.findings[0]
    assert replace(f, message="x").message == "x"
    try:
        f.code = "other"  # type: ignore[misc]
    except AttributeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("Finding should be frozen")


def test_timed_bedroom_and_seen_alone_rules_from_an_authority_file(tmp_path):
    path = tmp_path / "timed.toml"
    path.write_text(
        """
id = "timed"
name = "Timed checks"
title = "Timed checks"
source = "Test"
plans = ["CIN"]

[[rules]]
kind = "visit_frequency"
every = 2
unit = "weeks"
source = "T 1"

[[rules]]
kind = "bedroom_frequency"
every = 8
unit = "weeks"
source = "T 2"

[[rules]]
kind = "seen_alone_frequency"
every = 20
unit = "working_days"
from_age = 10
source = "T 3"
""",
        encoding="utf-8",
    )
    from visitdesk.standards import load_policy_file

    policy = load_policy_file(path, extra_closures=[d("2026-10-01")])
    kid = child("CIN", date_of_birth=d("2016-10-20"))
    history = [visit("v1", "2026-09-03", seen_alone="no", bedroom_seen=True)]
    ev = evaluate(policy, kid, history, d("2026-09-04"))
    schedule = {s.kind: s.due for s in ev.schedule}
    assert schedule["bedroom"] == d("2026-10-29")
    # Seen alone from the 10th birthday (20 October 2026), 20 working days on.
    assert schedule["seen_alone"] == d("2026-11-17")
