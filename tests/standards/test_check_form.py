"""Live validation of one visit form: field-level findings for the draft, history-aware."""

from __future__ import annotations

from datetime import datetime

from visitdesk.standards import VisitInterval, check_form, load_policy
from visitdesk.standards.case import VISIT_FIELDS

from .helpers import child, d, visit


def form(policy_id, kid, history, draft, as_of=None):
    as_of = d(as_of) if as_of else draft.visited_at.date()
    return check_form(load_policy(policy_id), kid, history, draft, as_of)


def pairs(findings):
    return {(f.code, f.field, f.severity) for f in findings}


def test_an_empty_form_lists_what_blocks_completion_field_by_field():
    draft = visit(
        "new",
        "2026-09-24",
        seen=None,
        seen_alone=None,
        bedroom_seen=None,
        purpose=None,
        findings=None,
        analysis=None,
        conclusion=None,
        recommendations=None,
    )
    found = form("getting-it-right-2018", child("CIN"), [], draft)
    errors = {(f.field, f.source, f.rule) for f in found if f.severity == "error"}
    # Cited by the document's short name and its field number, never the seed file's number.
    fields = "CIN practice standards 2018, 1.1.3"
    assert errors == {
        ("seen", "CIN practice standards 2018, 1.1.4", "cin-field-seen"),
        ("bedroom_seen", fields, "cin-narrative"),
        ("purpose", fields, "cin-narrative"),
        ("findings", fields, "cin-narrative"),
        ("analysis", fields, "cin-narrative"),
        ("conclusion", fields, "cin-narrative"),
        ("recommendations", fields, "cin-narrative"),
    }
    assert all(f.visit == "new" for f in found)
    assert all(f.field is None or f.field in VISIT_FIELDS for f in found)


def test_completing_without_seen_alone_reason_is_refused():
    draft = visit("new", "2026-09-24", seen_alone="no", not_seen_alone_reason="")
    found = form("getting-it-right-2018", child("CP"), [], draft)
    assert ("seen_alone.reason_required", "not_seen_alone_reason", "error") in pairs(found)
    fixed = visit("new", "2026-09-24", seen_alone="no", not_seen_alone_reason="Asleep")
    assert not [
        f for f in form("getting-it-right-2018", child("CP"), [], fixed) if f.severity == "error"
    ]


def test_a_complete_good_record_has_no_findings():
    history = [visit("v1", "2026-09-10")]
    draft = visit("new", "2026-09-24")
    assert form("getting-it-right-2018", child("CP"), history, draft) == []


def test_seen_alone_owed_because_the_last_visit_missed_it():
    # 004 I.8: at least every other visit
    history = [visit("v1", "2026-09-10", seen_alone="no", not_seen_alone_reason="x")]
    draft = visit("new", "2026-09-17", seen_alone=None)
    found = form("visiting-policy-2019", child("CP"), history, draft)
    assert ("seen_alone.overdue", "seen_alone", "warning") in pairs(found)
    done = visit("new", "2026-09-17", seen_alone="yes")
    assert "seen_alone.overdue" not in {
        f.code for f in form("visiting-policy-2019", child("CP"), history, done)
    }


def test_bedroom_owed_because_the_last_visit_was_at_school():
    # 004 I.9: home and bedroom at least every other visit
    history = [visit("v1", "2026-09-10", location="school", bedroom_seen=None)]
    draft = visit("new", "2026-09-17", bedroom_seen=False)
    found = form("visiting-policy-2019", child("CP"), history, draft)
    assert ("bedroom.overdue", "bedroom_seen", "warning") in pairs(found)


def test_seen_alone_deadline_before_the_next_visit_is_flagged_on_this_form():
    # 002 CIN b1: seen alone at least every 6 weeks; last seen alone 3 Sep, due 15 Oct.
    kid = child("CIN", visit_interval=VisitInterval(2, "weeks", "agreed"))
    history = [visit("v1", "2026-09-03"), visit("v2", "2026-09-17", seen_alone="no")]
    draft = visit("new", "2026-10-08", seen_alone="no")
    found = form("seen-alone-guidance", kid, history, draft)
    assert ("seen_alone.overdue", "seen_alone", "warning") in pairs(found)
    early = visit("new", "2026-09-24", seen_alone="no")
    assert "seen_alone.overdue" not in {
        f.code for f in form("seen-alone-guidance", kid, history, early)
    }


def test_joint_visit_due_before_the_next_visit():
    # 003 Frequency p.5: joint visit with the health visitor every 4 weeks under 2
    kid = child("CP", date_of_birth=d("2025-06-01"))
    history = [visit("v1", "2026-09-02", joint_with_health_visitor=True)]
    draft = visit("new", "2026-09-28")
    found = form("getting-it-right-2018", kid, history, draft)
    assert ("joint_visit.overdue", "joint_with_health_visitor", "warning") in pairs(found)
    joint = visit("new", "2026-09-28", joint_with_health_visitor=True)
    assert not form("getting-it-right-2018", kid, history, joint)


def test_a_failed_visit_form_says_when_to_go_back_and_asks_for_less():
    draft = visit(
        "new",
        "2026-12-24",
        seen="no",
        seen_alone=None,
        analysis=None,
        conclusion=None,
        recommendations=None,
    )
    found = form("getting-it-right-2018", child("CP"), [], draft)
    assert {f.code for f in found if f.severity == "error"} == set()
    reattempt = [f for f in found if f.code == "visit.reattempt_due"]
    assert reattempt and "30 December 2026" in reattempt[0].message


def test_completing_now_after_the_deadline_is_flagged_late():
    # 003 Recording p.1: within one working day
    draft = visit("new", "2026-12-24T10:00", recorded_at=datetime(2026, 12, 30, 9, 0))
    found = form("getting-it-right-2018", child("CP"), [], draft, as_of="2026-12-30")
    assert ("record.late", "recorded_at", "warning") in pairs(found)


def test_editing_a_stored_visit_ignores_its_own_old_copy_in_history():
    old = visit("v2", "2026-09-17", seen_alone="no", not_seen_alone_reason="x")
    history = [visit("v1", "2026-09-10"), old]
    draft = visit("v2", "2026-09-17", seen_alone="no", not_seen_alone_reason="x")
    found = form("visiting-policy-2019", child("CP"), history, draft)
    assert "seen_alone.overdue" not in {f.code for f in found}


def test_reg_29_a_reason_in_words_is_enough_without_a_category():
    # Issue 12: a record giving a reason but no category could not be completed.
    kid = child("CLA", placement_start=d("2026-03-02"))
    draft = visit(
        "new",
        "2026-03-06",
        seen_alone="no",
        not_seen_alone_reason="She wanted her foster carer to stay.",
        not_seen_alone_category=None,
    )
    assert not [f for f in form("england-cla-2010", kid, [], draft) if f.severity == "error"]


def test_reg_29_with_neither_a_category_nor_a_reason_asks_for_the_reason():
    kid = child("CLA", placement_start=d("2026-03-02"))
    draft = visit("new", "2026-03-06", seen_alone="no", not_seen_alone_category=None)
    found = form("england-cla-2010", kid, [], draft)
    errors = [f for f in found if f.severity == "error"]
    assert [(f.code, f.field, f.source, f.rule) for f in errors] == [
        (
            "seen_alone.reason_required",
            "not_seen_alone_reason",
            "Looked after regulations 2010, reg. 29",
            "speak-in-private",
        )
    ]
    assert "refused" in errors[0].message  # the regulation's own choices are offered
