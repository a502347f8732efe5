"""The mark that an authorised record was entered in the case system, and the reconciliation
list of authorised records not yet entered, on one installation with a real database."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.services.test_handoff import WRITTEN, _authorised, _child
from visitdesk.errors import UserError
from visitdesk.services import case_entries, records
from visitdesk.services.changes import NOTHING
from visitdesk.storage.models import AuditEvent, CaseSystemEntry

NOW = datetime(2026, 11, 20, 16, 0)


@pytest.fixture
def ws(make_workspace):
    moment = {"now": NOW}
    ws = make_workspace(role="manager", name="Morgan Manager", clock=lambda: moment["now"])
    ws.moment = moment  # the test moves the clock on
    return ws


def _entry_row(ws, vid):
    with ws.db.sessions() as s:
        row = s.get(CaseSystemEntry, vid)
        return None if row is None else (row.entered_on, row.entered_by, row.change_seq)


def _actions(ws):
    with ws.db.sessions() as s:
        return [
            (e.action, e.entity_id, e.detail)
            for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))
            if e.action in ("entered_case_system", "took_back_entry")
        ]


def test_marking_a_record_entered_takes_it_off_the_list_and_taking_it_back_puts_it_on(ws):
    vid = _authorised(ws, _child(ws))
    [row] = case_entries.reconciliation(ws)
    assert (row.visit_id, row.child_name, row.case_reference, row.worker) == (
        vid,
        "Ada Brook",
        "LCS 00417/B",
        "Morgan Manager",
    )
    assert (row.visited_on, row.authorised_on, row.days_waiting) == (
        date(2026, 11, 15),
        date(2026, 11, 20),
        0,
    )
    assert case_entries.entry_of(ws, vid) is None

    changed = case_entries.mark_entered(ws, vid, date(2026, 11, 20), "  Pat Support ")
    assert changed.touches_visit(vid)
    entry = case_entries.entry_of(ws, vid)
    assert (entry.entered_on, entry.entered_by, entry.marked_here) == (
        date(2026, 11, 20),
        "Pat Support",
        True,
    )
    assert entry.words == "Entered in the case system on 20 November 2026 by Pat Support"
    assert case_entries.reconciliation(ws) == []
    # A write stamps the mark, so the next bundle carries it.
    assert _entry_row(ws, vid)[2] > 0

    case_entries.take_back(ws, vid)
    assert case_entries.entry_of(ws, vid) is None
    assert [r.visit_id for r in case_entries.reconciliation(ws)] == [vid]
    assert _entry_row(ws, vid)[:2] == (None, "")
    assert _actions(ws) == [("entered_case_system", vid, ""), ("took_back_entry", vid, "")]


def test_the_same_mark_again_changes_nothing(ws):
    vid = _authorised(ws, _child(ws))
    case_entries.mark_entered(ws, vid, date(2026, 11, 19), "Pat Support")
    before = _entry_row(ws, vid)
    assert case_entries.mark_entered(ws, vid, date(2026, 11, 19), "Pat Support") is NOTHING
    assert _entry_row(ws, vid) == before
    assert len(_actions(ws)) == 1


def test_the_list_puts_the_longest_waiting_first_with_the_days_waited(ws):
    first = _authorised(ws, _child(ws))
    ws.moment["now"] = NOW + timedelta(days=3)
    second = _authorised(ws, _child(ws, ref="LCS 2"), days_ago=1)
    ws.moment["now"] = NOW + timedelta(days=10)
    rows = case_entries.reconciliation(ws)
    assert [(r.visit_id, r.days_waiting) for r in rows] == [(first, 10), (second, 7)]


@pytest.mark.parametrize(
    "on, by, match",
    [
        (date(2026, 11, 21), "Pat", "later than today"),
        (date(2026, 11, 14), "Pat", "before the visit"),
        (date(2026, 11, 18), "", "please give"),
        (date(2026, 11, 18), "Pat\nSupport", "on one line"),
        (date(2026, 11, 18), "P" * 101, "longer than"),
        (datetime(2026, 11, 18, 9, 0), "Pat", "must be a date"),
    ],
)
def test_a_mark_that_cannot_be_right_is_refused_and_nothing_is_kept(ws, on, by, match):
    vid = _authorised(ws, _child(ws))
    with pytest.raises(UserError, match=match):
        case_entries.mark_entered(ws, vid, on, by)
    assert _entry_row(ws, vid) is None and _actions(ws) == []


def test_only_an_authorised_record_can_be_marked(ws):
    child = _child(ws)
    vid = records.start_visit(ws, child, NOW - timedelta(days=2), **WRITTEN)
    with pytest.raises(UserError, match="this record is a draft; only an authorised record"):
        case_entries.mark_entered(ws, vid, date(2026, 11, 20), "Pat")
    records.complete_visit(ws, vid)
    with pytest.raises(UserError, match="completed and waiting for authorisation"):
        case_entries.mark_entered(ws, vid, date(2026, 11, 20), "Pat")
    with pytest.raises(UserError, match="no visit record"):
        case_entries.mark_entered(ws, "no-such-record", date(2026, 11, 20), "Pat")
    assert _entry_row(ws, vid) is None
    assert case_entries.reconciliation(ws) == []  # nothing authorised yet


def test_taking_back_a_mark_never_made_is_refused(ws):
    vid = _authorised(ws, _child(ws))
    with pytest.raises(UserError, match="not marked as entered"):
        case_entries.take_back(ws, vid)
    case_entries.mark_entered(ws, vid, date(2026, 11, 20), "Pat")
    case_entries.take_back(ws, vid)
    with pytest.raises(UserError, match="not marked as entered"):
        case_entries.take_back(ws, vid)


@pytest.mark.parametrize(
    "value, problem",
    [
        ("Pat Support", None),
        ("", "is empty"),
        (" Pat", "is not a clean line of text"),
        ("Pat\u2028Support", "is not one plain line of text"),
        ("Pat\u202eSupport", "is not one plain line of text"),
        ("x" * 201, "is longer than 200 characters"),
        ("x" * 200, None),
        (42, "is not text"),
    ],
)
def test_who_entered_it_is_one_clean_line(value, problem):
    assert case_entries.line_problem(value, required=True) == problem
