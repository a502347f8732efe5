"""Builders for standards tests: a complete, good visit unless a test says otherwise."""

from __future__ import annotations

from datetime import date, datetime

from visitdesk.standards import ChildFacts, VisitFacts, evaluate, load_policy

GOOD_VISIT = dict(
    location="home",
    seen="yes",
    seen_alone="yes",
    bedroom_seen=True,
    seen_awake=True,
    attachment_observed=True,
    joint_with_health_visitor=False,
    purpose="To review the plan with the family.",
    findings="The child was well and talked about school.",
    analysis="Home conditions have improved since the last visit.",
    conclusion="The plan is working.",
    recommendations="Carry on with the plan.",
    completed=True,
)


def visit(visit_id: str, at: str, **changes) -> VisitFacts:
    """A visit at ``at`` (YYYY-MM-DD or YYYY-MM-DDTHH:MM) with a complete record."""
    when = datetime.fromisoformat(at if "T" in at else f"{at}T10:00")
    values = {**GOOD_VISIT, **changes}
    if values.get("completed") and "recorded_at" not in changes:
        values["recorded_at"] = when  # written up straight away unless the test says not
    recorded = values.get("recorded_at")
    if isinstance(recorded, date) and not isinstance(recorded, datetime):
        values["recorded_at"] = datetime(recorded.year, recorded.month, recorded.day, 17, 0)
    return VisitFacts(id=visit_id, visited_at=when, **values)


def child(plan: str = "CIN", **changes) -> ChildFacts:
    values = dict(date_of_birth=date(2018, 5, 4), plan_start=date(2026, 9, 1))
    values.update(changes)
    return ChildFacts(plan=plan, **values)


def d(text: str) -> date:
    return date.fromisoformat(text)


def run(policy_id: str, kid: ChildFacts, visits, as_of: str):
    return evaluate(load_policy(policy_id), kid, list(visits), d(as_of))


def codes(evaluation) -> set[str]:
    return {f.code for f in evaluation.findings}


def finding(evaluation, code: str, visit_id: str | None = "any"):
    for f in evaluation.findings:
        if f.code == code and (visit_id == "any" or f.visit == visit_id):
            return f
    raise AssertionError(f"no {code} for {visit_id}: {[x.code for x in evaluation.findings]}")


class Case:
    """One row of a table-driven profile test.

    ``expect`` may hold: ``next_visit_due`` (date text or None), ``visit_overdue``, ``has``
    (finding codes, or (code, visit, field) / (code, visit, field, severity) tuples that must
    appear), ``lacks`` (codes that must not appear), ``visits`` ({id: {attribute: value}}),
    ``schedule`` ({kind: due date text}).
    """

    def __init__(self, clause: str, kid, history, as_of: str, **expect):
        self.clause = clause
        self.child = kid
        self.visits = list(history)
        self.as_of = as_of
        self.expect = expect

    def __repr__(self) -> str:  # shown as the test id
        return self.clause


def check(policy_id: str, case: Case):
    ev = run(policy_id, case.child, case.visits, case.as_of)
    exp = case.expect
    if "next_visit_due" in exp:
        want = exp["next_visit_due"]
        assert ev.next_visit_due == (None if want is None else d(want)), ev.findings
    if "visit_overdue" in exp:
        assert ev.visit_overdue is exp["visit_overdue"]
    found = {(f.code, f.visit, f.field, f.severity) for f in ev.findings}
    for item in exp.get("has", ()):
        if isinstance(item, str):
            assert item in codes(ev), (item, ev.findings)
        else:
            size = len(item)
            assert any(x[:size] == tuple(item) for x in found), (item, ev.findings)
    for code in exp.get("lacks", ()):
        assert code not in codes(ev), (code, ev.findings)
    results = {v.id: v for v in ev.visits}
    for vid, attrs in exp.get("visits", {}).items():
        for name, want in attrs.items():
            got = getattr(results[vid], name)
            if isinstance(want, str) and "T" in want:
                want = datetime.fromisoformat(want)
            elif isinstance(want, str):
                want = d(want)
            assert got == want, (vid, name, got, want)
    schedule = {}
    for item in ev.schedule:
        schedule.setdefault(item.kind, item.due)
    for kind, want in exp.get("schedule", {}).items():
        assert schedule.get(kind) == (None if want is None else d(want)), (kind, ev.schedule)
    return ev


def ids(cases) -> list[str]:
    return [c.clause for c in cases]
