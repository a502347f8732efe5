"""The plan a worker writes before a visit (004 I.14): kept on the child, carried into the
record when it is started, part of what the record says, and read strictly wherever it
comes from."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from visitdesk import limits
from visitdesk.errors import UserError
from visitdesk.services import household_visits, households, records, visit_plans
from visitdesk.services.records import PlanInput
from visitdesk.services.visit_plans import PLAN_PARTS, parse_plan, plan_text
from visitdesk.storage import answers
from visitdesk.storage.models import AuditEvent, Child, Visit

PLAN = {
    "wishes": "Three houses with Ada; ask about the new school.",
    "safety": "Visit with a colleague: father's threats last month.",
    "needs": "Polish interpreter for mother, booked for 10:00.",
}
FULL = dict(
    location="home",
    seen="yes",
    seen_alone="yes",
    bedroom_seen=True,
    purpose="Statutory visit.",
    childs_voice="Ada drew her three houses.",
    findings="Settled at school.",
    analysis="Plan on track.",
    conclusion="Continue.",
    recommendations="Next visit in four weeks.",
)


def _child(ws, given="Ada", family="Brook"):
    start = ws.today() - timedelta(days=30)
    return records.add_child(
        ws,
        given_name=given,
        family_name=family,
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", start, allocated_on=start),
    )


def _at(ws):
    return ws.now().replace(second=0, microsecond=0) - timedelta(hours=2)


def _audit(ws, entity_id):
    with ws.db.sessions() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.entity_id == entity_id))
        return [(e.action, e.detail) for e in rows]


# --- reading a plan strictly ----------------------------------------------------------------

_PART = PLAN_PARTS[0].key
HOSTILE = {
    "not text": 42,
    "bytes": b'{"plan": "x"}',
    "not JSON": '{"plan": "unfinished',
    "a list": '["plan", "x"]',
    "a bare string": '"plan"',
    "an unknown part": json.dumps({"password": "x"}),
    "a number for a part": json.dumps({_PART: 7}),
    "null for a part": json.dumps({_PART: None}),
    "a nested object": json.dumps({_PART: {"deep": "x"}}),
    "a key twice": f'{{"{_PART}": "a", "{_PART}": "b"}}',
    "NaN": f'{{"{_PART}": NaN}}',
    "half a character pair": f'{{"{_PART}": "\\ud800"}}',
    "a part too long": json.dumps({_PART: "x" * (limits.MAX_TEXT_FIELD + 1)}),
    "far too long in all": '{"' + "y" * (visit_plans.MAX_PLAN_TEXT + 1) + '": ""}',
    "nested too deeply": "[" * 100_000 + "]" * 100_000,
    "a key with a line break": json.dumps({"evil\nkey": "x"}),
    "a long key twice, with a line break": json.dumps({"k\n" * 5000: 1})[:-1]
    + ", "
    + json.dumps({"k\n" * 5000: 1})[1:],
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_plan_that_is_not_what_visitdesk_writes_is_refused_in_one_line(text):
    with pytest.raises(UserError) as refused:
        parse_plan(text)
    message = str(refused.value)
    assert message and "\n" not in message
    assert len(message) < 200
    assert "Traceback" not in message


def test_a_refusal_never_repeats_the_words_of_the_plan():
    secret = "mother disclosed abuse"
    for text in (json.dumps({_PART: [secret]}), json.dumps({_PART: secret})[:-3]):
        with pytest.raises(UserError) as refused:
            parse_plan(text)
        assert secret not in str(refused.value)


def test_no_plan_reads_as_none_and_blank_parts_are_left_out():
    assert parse_plan("") == {}
    assert parse_plan(json.dumps({"plan": "  \n", "safety": "Go in pairs."})) == {
        "safety": "Go in pairs."
    }


def test_a_plan_is_stored_in_one_form_whatever_order_it_was_typed_in():
    text = plan_text({"safety": "Go in pairs.", "plan": "Review the CIN plan.", "culture": " "})
    assert text == '{"plan":"Review the CIN plan.","safety":"Go in pairs."}'
    assert parse_plan(text) == {"plan": "Review the CIN plan.", "safety": "Go in pairs."}
    assert plan_text({key: "" for key in visit_plans.PART_KEYS}) == ""
    with pytest.raises(UserError, match="does not know"):
        plan_text({"secret_part": "x"})


def test_every_part_of_the_policy_is_asked_for_in_order_with_its_own_help():
    assert [p.key for p in PLAN_PARTS] == [
        "plan",
        "assessment",
        "wishes",
        "culture",
        "needs",
        "understanding",
        "safety",
    ]
    assert all(p.label and p.help.endswith(".") for p in PLAN_PARTS)
    assert "three houses" in visit_plans.BY_KEY["wishes"].help
    assert "interpreter" in visit_plans.BY_KEY["needs"].help
    assert "honour-based abuse" in visit_plans.BY_KEY["safety"].help
    assert visit_plans.SOURCE == "Visiting policy 2019, I.14"


# --- the child's next visit -----------------------------------------------------------------


def test_the_plan_written_on_the_child_is_kept_for_their_next_visit(workspace):
    child = _child(workspace)
    assert visit_plans.next_plan(workspace, child) == {}
    changes = visit_plans.save_next_plan(workspace, child, PLAN)
    assert changes.touches_child(child)
    assert visit_plans.next_plan(workspace, child) == PLAN
    # Saving the same plan again changes nothing.
    assert not visit_plans.save_next_plan(workspace, child, dict(PLAN))


def test_the_audit_says_a_plan_was_written_never_what_it_says(workspace):
    child = _child(workspace)
    visit_plans.save_next_plan(workspace, child, PLAN)
    visit_plans.save_next_plan(workspace, child, {})
    trail = [entry for entry in _audit(workspace, child) if entry[0] == "plan_next_visit"]
    assert trail == [("plan_next_visit", "wishes,needs,safety"), ("plan_next_visit", "cleared")]
    with workspace.db.sessions() as s:
        details = " ".join(e.detail for e in s.scalars(select(AuditEvent)))
    assert "interpreter" not in details and "threats" not in details


def test_only_the_childs_own_worker_can_plan_their_visit(workspace):
    child = _child(workspace)
    with workspace.db.transaction() as s:  # as a worker's child is held on a manager's laptop
        s.get(Child, child).origin_device = "another-device"
    with pytest.raises(UserError, match="another worker's caseload"):
        visit_plans.save_next_plan(workspace, child, PLAN)
    assert visit_plans.next_plan(workspace, child) == {}


def test_a_plan_too_long_to_send_to_the_manager_is_refused_and_nothing_is_kept(workspace):
    child = _child(workspace)
    with pytest.raises(UserError, match="Safety"):
        visit_plans.save_next_plan(workspace, child, {"safety": "x" * (limits.MAX_TEXT_FIELD + 1)})
    assert visit_plans.next_plan(workspace, child) == {}


# --- carrying the plan into the record ------------------------------------------------------


def test_starting_the_record_carries_the_plan_in_and_clears_the_childs(workspace):
    child = _child(workspace)
    visit_plans.save_next_plan(workspace, child, PLAN)
    vid = records.start_visit(workspace, child, _at(workspace), location="home")
    assert visit_plans.visit_plan(workspace, vid) == PLAN
    assert visit_plans.next_plan(workspace, child) == {}
    assert ("plan_carried_in", f"record {vid}") in _audit(workspace, child)


def test_a_record_started_with_no_plan_has_none(workspace):
    child = _child(workspace)
    vid = records.start_visit(workspace, child, _at(workspace), location="home")
    assert visit_plans.visit_plan(workspace, vid) == {}


def test_the_next_plan_written_after_starting_is_for_the_visit_after(workspace):
    child = _child(workspace)
    visit_plans.save_next_plan(workspace, child, {"plan": "First visit's plan."})
    vid = records.start_visit(workspace, child, _at(workspace), **FULL)
    visit_plans.save_next_plan(workspace, child, {"plan": "Second visit's plan."})
    records.complete_visit(workspace, vid)
    assert visit_plans.visit_plan(workspace, vid) == {"plan": "First visit's plan."}
    assert visit_plans.next_plan(workspace, child) == {"plan": "Second visit's plan."}


def test_a_discarded_draft_gives_its_plan_back_to_the_child(workspace):
    child = _child(workspace)
    visit_plans.save_next_plan(workspace, child, PLAN)
    vid = records.start_visit(workspace, child, _at(workspace), location="home")
    records.discard_draft(workspace, vid)
    assert visit_plans.next_plan(workspace, child) == PLAN


def test_a_discarded_draft_never_writes_over_a_plan_made_since(workspace):
    child = _child(workspace)
    visit_plans.save_next_plan(workspace, child, PLAN)
    vid = records.start_visit(workspace, child, _at(workspace), location="home")
    visit_plans.save_next_plan(workspace, child, {"plan": "A newer plan."})
    records.discard_draft(workspace, vid)
    assert visit_plans.next_plan(workspace, child) == {"plan": "A newer plan."}


def _siblings(ws):
    jack = _child(ws, "Jack", "Ashworth")
    lily = _child(ws, "Lily", "Ashworth")
    households.join_household(ws, jack, lily, ws.today() - timedelta(days=20))
    return jack, lily


def test_a_household_visit_carries_each_childs_own_plan_into_their_own_record(workspace):
    jack, lily = _siblings(workspace)
    visit_plans.save_next_plan(workspace, jack, {"wishes": "Jack: words and pictures."})
    visit_plans.save_next_plan(workspace, lily, {"needs": "Lily: her hearing aids."})
    hv = household_visits.start(workspace, [jack, lily], _at(workspace), location="home")
    by_child = {r.child_id: r.visit_id for r in household_visits.records_of(workspace, hv)}
    assert visit_plans.visit_plan(workspace, by_child[jack]) == {
        "wishes": "Jack: words and pictures."
    }
    assert visit_plans.visit_plan(workspace, by_child[lily]) == {"needs": "Lily: her hearing aids."}
    assert visit_plans.next_plan(workspace, jack) == visit_plans.next_plan(workspace, lily) == {}


def test_a_child_left_out_of_a_household_visit_gets_their_plan_back(workspace):
    jack, lily = _siblings(workspace)
    third = _child(workspace, "Sam", "Ashworth")
    households.join_household(workspace, jack, third, workspace.today() - timedelta(days=20))
    visit_plans.save_next_plan(workspace, lily, {"needs": "Lily: her hearing aids."})
    hv = household_visits.start(workspace, [jack, lily, third], _at(workspace), location="home")
    lilys = next(
        r.visit_id for r in household_visits.records_of(workspace, hv) if r.child_id == lily
    )
    household_visits.leave_out(workspace, hv, lilys)
    assert visit_plans.next_plan(workspace, lily) == {"needs": "Lily: her hearing aids."}


# --- the plan is part of the record ---------------------------------------------------------


def test_a_completed_records_plan_is_part_of_its_content_hash(workspace):
    child = _child(workspace)
    visit_plans.save_next_plan(workspace, child, PLAN)
    vid = records.start_visit(workspace, child, _at(workspace), **FULL)
    records.complete_visit(workspace, vid)
    with workspace.db.transaction() as s:
        visit = s.get(Visit, vid)
        kept = records.content_hash(visit)
        visit.visit_plan = plan_text({**PLAN, "safety": "Nothing to worry about."})
        assert records.content_hash(visit) != kept
        visit.visit_plan = ""
        assert records.content_hash(visit) != kept


def test_a_record_without_a_plan_keeps_the_hash_it_had_before_plans(workspace):
    child = _child(workspace)
    vid = records.start_visit(workspace, child, _at(workspace), **FULL)
    with workspace.db.sessions() as s:
        visit = s.get(Visit, vid)
        values = {
            **answers.values_of(visit),
            "id": visit.id,
            "child_id": visit.child_id,
            "revision": visit.revision,
            "household_visit": None,
        }
        assert records.content_hash(visit) == records.content_hash_of(values)


def test_a_completed_records_plan_stays_as_it_was(workspace):
    child = _child(workspace)
    visit_plans.save_next_plan(workspace, child, PLAN)
    vid = records.start_visit(workspace, child, _at(workspace), **FULL)
    records.complete_visit(workspace, vid)
    visit_plans.save_next_plan(workspace, child, {"plan": "Next time: the review."})
    with pytest.raises(UserError):
        records.save_draft(workspace, vid, {"findings": "changed"})
    assert visit_plans.visit_plan(workspace, vid) == PLAN
