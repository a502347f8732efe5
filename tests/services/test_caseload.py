"""How the caseload speaks about ages and deadlines, and how it orders children."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from visitdesk.services import records
from visitdesk.services.caseload import CaseloadRow, age_text, caseload, due_text, recall
from visitdesk.services.records import PlanInput


@pytest.mark.parametrize(
    ("dob", "expected", "on", "text"),
    [
        (date(2026, 11, 1), None, date(2026, 11, 22), "under 1 month"),
        (date(2026, 5, 22), None, date(2026, 11, 22), "6 months"),
        (date(2024, 11, 23), None, date(2026, 11, 22), "23 months"),
        (date(2024, 11, 22), None, date(2026, 11, 22), "2 years"),
        (None, date(2027, 3, 3), date(2026, 11, 22), "unborn (due 3 Mar 2027)"),
    ],
)
def test_ages_read_as_a_worker_says_them(dob, expected, on, text):
    assert age_text(dob, expected, on) == text


def _row(status, left, due=date(2026, 11, 20)):
    return CaseloadRow("c", "A B", "", None, None, "CIN", due, left, status, None, 0, 0, 0)


@pytest.mark.parametrize(
    ("row", "text"),
    [
        (_row("overdue", -2), "overdue by 2 working days"),
        (_row("overdue", 0), "overdue"),  # a Friday deadline seen at the weekend
        (_row("due_soon", 0), "due today"),
        (_row("due_soon", 1), "in 1 working day"),
        (_row("ok", 7), "in 7 working days"),
        (_row("no_standard", None, due=None), "no standard set"),
        (_row("action", None, due=None), "cannot be worked out"),
    ],
)
def test_deadlines_read_in_working_days(row, text):
    assert due_text(row) == text


def test_overdue_children_come_first_and_the_result_is_remembered(make_workspace):
    ws = make_workspace()
    today = ws.today()
    late = records.add_child(
        ws,
        given_name="Late",
        family_name="Child",
        date_of_birth=date(2015, 1, 1),
        plan=PlanInput("CIN", today - timedelta(days=90)),
    )
    fresh = records.add_child(
        ws,
        given_name="Fresh",
        family_name="Child",
        date_of_birth=date(2015, 1, 1),
        plan=PlanInput("CIN", today - timedelta(days=30)),
    )
    visited = datetime.combine(today - timedelta(days=2), datetime.min.time()).replace(hour=10)
    vid = records.start_visit(
        ws,
        fresh,
        visited,
        location="home",
        seen="yes",
        seen_alone="yes",
        bedroom_seen=True,
        purpose="p",
        findings="f",
        analysis="a",
        conclusion="c",
        recommendations="r",
    )
    records.complete_visit(ws, vid)
    rows = caseload(ws)
    assert [r.child_id for r in rows] == [late, fresh]
    assert rows[0].status == "overdue" and rows[1].status == "ok"
    assert recall(ws) is None  # nothing remembered until the app works it out
    from visitdesk.services.caseload import work_out

    work_out(ws)
    remembered, current = recall(ws)
    assert current and [r.child_id for r in remembered] == [late, fresh]
    caseload(ws)  # reading changes nothing: still current
    assert recall(ws)[1]
    records.add_addendum(ws, vid, "A later correction.")
    assert not recall(ws)[1]  # any change makes it out of date


FIXED = datetime(2026, 3, 16, 12, 0)  # a Monday


def _fixed():
    return FIXED


def test_a_looked_after_child_is_judged_by_the_regulations_not_shown_on_track(make_workspace):
    # Issue 12: an installation set to getting-it-right-2018 showed every looked-after child
    # "On track" with no date. Its authority judges them by SI 2010/959 reg. 28.
    ws = make_workspace(policy="getting-it-right-2018", clock=_fixed)
    cid = records.add_child(
        ws,
        given_name="Looked",
        family_name="After",
        date_of_birth=date(2014, 6, 1),
        plan=PlanInput("CLA", date(2026, 3, 2), placement_start=date(2026, 3, 2)),
    )
    row = caseload(ws)[0]
    assert row.child_id == cid
    assert row.next_due == date(2026, 3, 9)  # reg. 28(2)(a): within a week of placement
    assert row.status == "overdue"
    assert row.standards == ("england-cla-2010",)


def test_a_plan_no_standard_covers_says_so(make_workspace):
    ws = make_workspace(policy="leicestershire-cin-2024", clock=_fixed)
    records.add_child(
        ws,
        given_name="Child",
        family_name="Protection",
        date_of_birth=date(2016, 1, 1),
        plan=PlanInput("CP", date(2026, 3, 2)),
    )
    row = caseload(ws)[0]
    assert row.status == "no_standard" and row.next_due is None
    assert due_text(row) == "no standard set"
    assert row.attention.startswith("No standard set for CP plans")
    assert row.standards == ()


def test_a_cp_and_looked_after_child_takes_the_earlier_of_both_schedules(make_workspace):
    ws = make_workspace(policy="getting-it-right-2018", clock=_fixed)
    cid = records.add_child(
        ws,
        given_name="Both",
        family_name="Plans",
        date_of_birth=date(2016, 1, 1),
        plan=PlanInput(
            "CP+CLA", date(2026, 3, 2), placement_start=date(2026, 3, 2), regulation_24=True
        ),
    )
    vid = records.start_visit(
        ws,
        cid,
        datetime(2026, 3, 12, 10, 0),
        location="home",
        seen="yes",
        seen_alone="yes",
        bedroom_seen=True,
        purpose="p",
        findings="f",
        analysis="a",
        conclusion="c",
        recommendations="r",
    )
    records.complete_visit(ws, vid)
    row = caseload(ws)[0]
    # CP fortnightly (26 March); Regulation 24 weekly until the first review (19 March).
    assert row.next_due == date(2026, 3, 19)
    assert row.standards == ("getting-it-right-2018", "seen-alone-guidance", "england-cla-2010")


def test_reg_29_reason_in_words_lets_the_record_be_completed(make_workspace):
    ws = make_workspace(policy="getting-it-right-2018", clock=_fixed)
    cid = records.add_child(
        ws,
        given_name="Looked",
        family_name="After",
        date_of_birth=date(2014, 6, 1),
        plan=PlanInput("CLA", date(2026, 3, 2), placement_start=date(2026, 3, 2)),
    )
    vid = records.start_visit(
        ws,
        cid,
        datetime(2026, 3, 13, 10, 0),
        location="home",
        seen="yes",
        seen_alone="no",
        not_seen_alone_reason="He asked his carer to stay.",
        findings="Settled with his carers.",
        conclusion="The placement meets his needs.",
    )
    records.complete_visit(ws, vid)  # no category chosen: the words are enough (issue 12)


def test_a_chosen_reg_29_exception_is_read_by_the_caseload(make_workspace):
    ws = make_workspace(policy="getting-it-right-2018", clock=_fixed)
    cid = records.add_child(
        ws,
        given_name="Looked",
        family_name="After",
        date_of_birth=date(2014, 6, 1),
        plan=PlanInput("CLA", date(2026, 3, 2), placement_start=date(2026, 3, 2)),
    )
    records.start_visit(
        ws,
        cid,
        datetime(2026, 3, 13, 10, 0),
        location="home",
        seen="yes",
        seen_alone="no",
        not_seen_alone_category="refused",
        findings="Settled with his carers.",
        conclusion="The placement meets his needs.",
    )
    row = caseload(ws)[0]
    assert row.errors == 0  # reg. 29(a): the child refused is a reason in itself


def _full_record(**changes):
    values = dict(
        location="home",
        seen="yes",
        seen_alone="yes",
        bedroom_seen=True,
        purpose="p",
        findings="f",
        analysis="a",
        conclusion="c",
        recommendations="r",
    )
    values.update(changes)
    return values


def test_a_draft_holding_only_seen_yes_clears_no_overdue_visit(make_workspace):
    # Issue 12: a draft with nothing but "Seen: Yes" cleared an overdue visit.
    ws = make_workspace(policy="getting-it-right-2018", clock=_fixed)
    cid = records.add_child(
        ws,
        given_name="Cee",
        family_name="Pee",
        date_of_birth=date(2016, 1, 1),
        plan=PlanInput("CP", date(2026, 2, 2)),
    )
    first = records.start_visit(ws, cid, datetime(2026, 2, 16, 10, 0), **_full_record())
    records.complete_visit(ws, first)  # next CP visit due by 2 March: overdue on 16 March
    records.start_visit(ws, cid, datetime(2026, 3, 16, 9, 0), seen="yes")
    row = caseload(ws)[0]
    assert row.status == "overdue" and row.next_due == date(2026, 3, 2)
    assert "1 draft to finish" in row.attention
    assert row.awaiting_write_up == 1


def test_a_draft_with_its_visit_facts_moves_the_schedule(make_workspace):
    ws = make_workspace(policy="getting-it-right-2018", clock=_fixed)
    cid = records.add_child(
        ws,
        given_name="Cee",
        family_name="Pee",
        date_of_birth=date(2016, 1, 1),
        plan=PlanInput("CP", date(2026, 2, 2)),
    )
    first = records.start_visit(ws, cid, datetime(2026, 2, 16, 10, 0), **_full_record())
    records.complete_visit(ws, first)
    records.start_visit(
        ws, cid, datetime(2026, 3, 16, 9, 0), location="home", seen="yes", seen_alone="yes"
    )
    row = caseload(ws)[0]
    assert row.next_due == date(2026, 3, 30)
    assert row.status == "action" and "1 draft to finish" in row.attention


def test_a_returned_record_is_judged_late_by_when_it_was_first_completed(make_workspace):
    from visitdesk.services.checks import FormChecker, form_findings
    from visitdesk.storage.models import Visit

    clock = {"now": datetime(2026, 3, 16, 11, 0)}
    ws = make_workspace(policy="getting-it-right-2018", clock=lambda: clock["now"])
    cid = records.add_child(
        ws,
        given_name="Cee",
        family_name="Pee",
        date_of_birth=date(2016, 1, 1),
        plan=PlanInput("CP", date(2026, 3, 2)),
    )
    vid = records.start_visit(ws, cid, datetime(2026, 3, 16, 10, 0), **_full_record())
    records.complete_visit(ws, vid)  # on time: CP records within one working day
    # The manager returns it a week later; the worker's copy learns of it by sync.
    clock["now"] = datetime(2026, 3, 23, 9, 0)
    with ws.db.transaction() as session:
        session.get(Visit, vid).state = "returned"
    row = caseload(ws)[0]
    assert row.returned == 1
    assert "past the recording deadline" not in row.attention
    # Correcting it now is not a late record: it was written up on time.
    checker = FormChecker.for_visit(ws, vid)
    assert checker.first_completed == datetime(2026, 3, 16, 11, 0)
    with ws.db.sessions() as session:
        found = form_findings(ws, session, session.get(Visit, vid))
    assert "record.late" not in {f.code for f in found}
    records.complete_visit(ws, vid)
    from visitdesk.services.checks import evaluate_child

    judged = evaluate_child(ws, cid)
    assert judged.visits[0].recorded_late is False
    assert "record.late" not in {f.code for f in judged.findings}


# --- what the caseload says, and how the command line names it (issue 12) -----------------


def _seen_alone_case(ws):
    """A CIN child aged ten, seen alone on 12 January and since then only with their mother."""
    cid = records.add_child(
        ws,
        given_name="Alone",
        family_name="Due",
        date_of_birth=date(2016, 1, 1),
        plan=PlanInput(
            "CIN",
            date(2026, 1, 5),
            visit_every=4,
            visit_unit="weeks",
            visit_rationale="Agreed at the CIN planning meeting.",
        ),
    )
    vid = records.start_visit(ws, cid, datetime(2026, 1, 12, 10, 0), **_full_record())
    records.complete_visit(ws, vid)
    for when in (datetime(2026, 2, 9, 10, 0), datetime(2026, 3, 9, 10, 0)):
        vid = records.start_visit(
            ws,
            cid,
            when,
            **_full_record(seen_alone="no", not_seen_alone_reason="She wanted her mum to stay."),
        )
        records.complete_visit(ws, vid)
    return cid


def test_not_seen_alone_when_due_is_said_in_words(make_workspace):
    from visitdesk.services.caseload import seen_alone_text

    ws = make_workspace(policy="getting-it-right-2018", clock=_fixed)
    cid = _seen_alone_case(ws)
    row = caseload(ws)[0]
    assert row.child_id == cid
    assert row.seen_alone_overdue and row.last_seen_alone == date(2026, 1, 12)
    assert seen_alone_text(row) == "Not seen alone since 12 Jan 2026"
    assert "not seen alone since 12 Jan" in row.attention
    assert "seen_alone.overdue" in row.reasons
    assert row.status_code != "on_track"


def test_the_command_rows_name_statuses_and_reasons_as_the_contract_does(make_workspace):
    ws = make_workspace(policy="leicestershire-cin-2024", clock=_fixed)
    records.add_child(
        ws,
        given_name="Child",
        family_name="Protection",
        date_of_birth=date(2016, 1, 1),
        plan=PlanInput("CP", date(2026, 3, 2)),
    )
    cin = records.add_child(
        ws,
        given_name="Child",
        family_name="InNeed",
        date_of_birth=date(2016, 1, 1),
        plan=PlanInput("CIN", date(2026, 3, 2), allocated_on=date(2026, 3, 2)),
    )
    rows = {r.name: r.to_json() for r in caseload(ws)}
    cp = rows["Child Protection"]
    assert cp["status"] == "no_standard" and cp["next_visit_due"] is None
    assert cp["reasons"] == ["policy.plan_not_covered"] and cp["standards"] == []
    need = rows["Child InNeed"]
    assert need["id"] == cin and need["plan"] == "CIN"
    assert need["standards"] == ["leicestershire-cin-2024"]
    # Leicestershire, Visiting point 1: within 5 working days of allocation (9 March).
    assert need["next_visit_due"] == "2026-03-09"
    assert need["status"] == "overdue" and need["reasons"][0] == "first_visit.overdue"
    assert set(need) >= {
        "id",
        "name",
        "plan",
        "standards",
        "status",
        "next_visit_due",
        "seen_alone_due",
        "bedroom_due",
        "reattempt_due",
        "reasons",
    }


def test_a_child_with_no_plan_needs_action_and_is_never_on_track(make_workspace):
    from visitdesk.storage.models import Plan

    ws = make_workspace(clock=_fixed)
    cid = records.add_child(
        ws,
        given_name="No",
        family_name="Plan",
        date_of_birth=date(2016, 1, 1),
        plan=PlanInput("CIN", date(2026, 3, 2)),
    )
    with ws.db.transaction() as session:
        for plan in session.query(Plan).filter_by(child_id=cid):
            plan.end_date = date(2026, 3, 3)
    row = caseload(ws)[0].to_json()
    assert row["status"] == "needs_action" and row["plan"] is None
    assert row["reasons"] == ["plan.missing"]


def test_on_track_always_has_a_next_visit_date_and_no_reasons(make_workspace):
    ws = make_workspace(policy="getting-it-right-2018", clock=_fixed)
    cid = records.add_child(
        ws,
        given_name="On",
        family_name="Track",
        date_of_birth=date(2016, 1, 1),
        plan=PlanInput(
            "CP",
            date(2026, 3, 2),
            visit_every=2,
            visit_unit="weeks",
            visit_rationale="Agreed at conference.",
        ),
    )
    vid = records.start_visit(ws, cid, datetime(2026, 3, 13, 10, 0), **_full_record())
    records.complete_visit(ws, vid)
    row = caseload(ws)[0]
    assert row.status_code == "on_track"
    assert row.to_json()["next_visit_due"] == "2026-03-27" and row.reasons == ()


def test_a_draft_with_only_seen_yes_is_a_draft_to_finish_and_moves_no_date(make_workspace):
    ws = make_workspace(policy="getting-it-right-2018", clock=_fixed)
    cid = records.add_child(
        ws,
        given_name="Cee",
        family_name="Pee",
        date_of_birth=date(2016, 1, 1),
        plan=PlanInput("CP", date(2026, 2, 2)),
    )
    first = records.start_visit(ws, cid, datetime(2026, 2, 16, 10, 0), **_full_record())
    records.complete_visit(ws, first)
    before = caseload(ws)[0]
    records.start_visit(ws, cid, datetime(2026, 3, 16, 9, 0), seen="yes")
    after = caseload(ws)[0]
    assert after.next_visit_due == before.next_visit_due == date(2026, 3, 2)
    assert after.reasons[0] == "visit.overdue" and "record.draft" in after.reasons
    assert after.attention.startswith("Statutory visit overdue; 1 draft to finish")


def test_one_childs_row_is_worked_out_as_the_whole_caseload_works_it_out(make_workspace):
    from visitdesk.services.caseload import caseload_row, refresh_child

    ws = make_workspace(policy="getting-it-right-2018", clock=_fixed)
    cid = _seen_alone_case(ws)
    whole = caseload(ws)
    assert caseload_row(ws, cid) == whole[0]
    assert refresh_child(ws, whole, cid) == whole


def test_rows_remembered_by_an_older_version_are_never_shown(make_workspace):
    import json

    from visitdesk.services.caseload import CACHE_KEY, work_out

    ws = make_workspace(clock=_fixed)
    _seen_alone_case(ws)
    work_out(ws)
    data = json.loads(ws.setting(CACHE_KEY))
    data["key"][0] = 2
    ws.set_setting(CACHE_KEY, json.dumps(data))
    assert recall(ws) is None


def test_the_command_reads_without_remembering(make_workspace):
    from visitdesk.services.caseload import work_out

    ws = make_workspace(clock=_fixed)
    _seen_alone_case(ws)
    rows = work_out(ws, date(2026, 4, 1), remember=False)
    assert recall(ws) is None and rows == caseload(ws, date(2026, 4, 1))


def test_a_narrative_of_only_spaces_counts_as_missing_on_the_caseload_as_in_the_form(workspace):
    # The form refuses to complete a record whose purpose is only white space; the caseload
    # must not call the same draft complete in its words.
    from datetime import date, timedelta

    from visitdesk.services import records
    from visitdesk.services.caseload import caseload
    from visitdesk.services.records import PlanInput

    def draft(purpose):
        child = records.add_child(
            workspace,
            given_name="Ada",
            family_name="Brook",
            date_of_birth=date(2015, 6, 1),
            plan=PlanInput("CIN", workspace.today() - timedelta(days=20)),
        )
        at = workspace.now().replace(hour=10, minute=0, second=0, microsecond=0)
        records.start_visit(
            workspace,
            child,
            at - timedelta(days=1),
            location="home",
            seen="yes",
            seen_alone="yes",
            bedroom_seen=True,
            purpose=purpose,
            findings="Well",
            analysis="Settled",
            conclusion="On track",
            recommendations="Continue",
        )
        return child

    blank, spaces, written = draft(""), draft(" \t\u00a0\n "), draft("Review the plan")
    rows = {row.child_id: row for row in caseload(workspace)}
    assert "record.sections_missing" in rows[blank].reasons
    assert rows[spaces].reasons == rows[blank].reasons
    assert "record.sections_missing" not in rows[written].reasons
