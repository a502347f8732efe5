"""A draft moves the schedule only once its visit facts are given (issue 12, item 3).

The visit facts are the date and time, where the visit took place, whether the child was seen
and, if seen, whether alone. A draft holding only "Seen: Yes" is not yet a visit: it clears no
overdue visit and no re-attempt, and starts none.
"""

from __future__ import annotations

import pytest

from visitdesk.standards import check_form, due_status, evaluate, load_policy

from .helpers import child, d, visit

P = "getting-it-right-2018"
ONLY_SEEN = dict(location=None, seen_alone=None, completed=False, recorded_at=None)
FACTS_GIVEN = dict(completed=False, recorded_at=None, purpose=None, findings=None)


def both(kid, visits, as_of):
    policy = load_policy(P)
    return evaluate(policy, kid, visits, d(as_of)), due_status(policy, kid, visits, d(as_of))


def test_a_draft_holding_only_seen_yes_clears_no_overdue_visit():
    # CP practice standards 2018, Frequency of CP visits: fortnightly from age 1.
    kid = child("CP")
    visits = [visit("v1", "2026-09-01"), visit("draft", "2026-09-18", **ONLY_SEEN)]
    full, quick = both(kid, visits, "2026-09-20")
    assert full.next_visit_due == quick.next_visit_due == d("2026-09-15")
    assert full.visit_overdue and quick.visit_overdue
    result = {v.id: v for v in full.visits}["draft"]
    assert result.statutory is False
    # The worker is told what the draft still needs (the standard asks for 1.1.5 itself).
    asked = {f.field for f in full.findings if f.visit == "draft"}
    assert {"location", "seen_alone"} <= asked


def test_once_its_facts_are_given_the_draft_moves_the_schedule():
    kid = child("CP")
    visits = [visit("v1", "2026-09-01"), visit("draft", "2026-09-18", **FACTS_GIVEN)]
    full, quick = both(kid, visits, "2026-09-20")
    assert full.next_visit_due == quick.next_visit_due == d("2026-10-02")
    assert not full.visit_overdue and not quick.visit_overdue


def test_a_draft_holding_only_seen_yes_clears_no_reattempt():
    # CP practice standards 2018, What is a CP visit, failed visits: within 48 working hours.
    kid = child("CP")
    visits = [
        visit("v1", "2026-09-01"),
        visit("failed", "2026-09-14", seen="no", seen_alone=None),
        visit("draft", "2026-09-15", **ONLY_SEEN),
    ]
    full, quick = both(kid, visits, "2026-09-17")
    assert quick.reattempt_due == d("2026-09-16") and quick.reattempt_overdue
    assert ("visit.reattempt_overdue", "failed") in {(f.code, f.visit) for f in full.findings}


def test_a_draft_saying_the_child_was_not_seen_is_a_failed_visit_once_placed():
    kid = child("CP")
    placed = visit("draft", "2026-09-14", seen="no", seen_alone=None, **FACTS_GIVEN)
    _, quick = both(kid, [visit("v1", "2026-09-01"), placed], "2026-09-15")
    assert quick.reattempt_due == d("2026-09-16")
    unplaced = visit("draft", "2026-09-14", **{**ONLY_SEEN, "seen": "no"})
    _, quick = both(kid, [visit("v1", "2026-09-01"), unplaced], "2026-09-15")
    assert quick.reattempt_due is None  # not yet a visit, so not yet a failed one


@pytest.mark.parametrize(
    ("missing", "counts"),
    [
        ({"location": None}, False),
        ({"seen": None, "seen_alone": None}, False),
        ({"seen_alone": None}, False),
        ({}, True),
    ],
)
def test_each_visit_fact_is_needed(missing, counts):
    kid = child("CP")
    draft = visit("draft", "2026-09-18", **{**FACTS_GIVEN, **missing})
    _, quick = both(kid, [visit("v1", "2026-09-01"), draft], "2026-09-20")
    assert (quick.next_visit_due == d("2026-10-02")) is counts


def test_an_unborn_childs_draft_needs_no_seen_alone():
    kid = child("CP", date_of_birth=None, expected_birth_date=d("2027-01-10"))
    draft = visit("draft", "2026-09-18", seen="unborn", seen_alone=None, **FACTS_GIVEN)
    _, quick = both(kid, [draft], "2026-09-20")
    assert quick.next_visit_due == d("2026-09-25")  # weekly before birth


def test_a_completed_record_counts_whatever_it_lacks():
    # Only unfinished records wait for their facts; a completed one is judged as it stands.
    kid = child("CP")
    done = visit("v2", "2026-09-18", seen_alone=None)
    _, quick = both(kid, [visit("v1", "2026-09-01"), done], "2026-09-20")
    assert quick.next_visit_due == d("2026-10-02")


def test_the_form_ignores_other_drafts_still_waiting_for_their_facts():
    # Visiting policy 2019, I.8: seen alone at least every other visit. A draft with only
    # "Seen: Yes" is not a visit where the child was not seen alone.
    kid = child("CP")
    history = [visit("v1", "2026-09-03"), visit("d1", "2026-09-10", **ONLY_SEEN)]
    draft = visit("new", "2026-09-17", seen_alone="no", not_seen_alone_reason="Asleep")
    found = check_form(load_policy("visiting-policy-2019"), kid, history, draft, d("2026-09-17"))
    assert "seen_alone.overdue" not in {f.code for f in found}
