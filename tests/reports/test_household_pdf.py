"""The PDF of each child's record of a household visit: it holds the visit's shared part and
that child's own part, names the other children visited, and never prints another child's
words or answers. Read back with poppler's ``pdftotext``, as a person copying from it would."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime

import pytest

from visitdesk.services import export, household_visits, households, records, syncing
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import Plan

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

NOW = datetime(2026, 11, 25, 16, 0)
VISITED = datetime(2026, 11, 24, 10, 30)
PLAN_START = date(2026, 10, 1)
# One word in each answer the visit shares, and in each of each child's own answers: found
# exactly where it belongs, and nowhere else.
SHARED = {
    "location": "home",
    "announced": True,
    "present": "Mother and the three children (presentword)",
    "home_conditions": "Warm and tidy (hearthword); the new bunk beds are up.",
    "purpose": "Statutory visit to all three children (purposeword).",
}
SHARED_MARKERS = ("presentword", "hearthword", "purposeword")
OWN_FIELDS = (
    "observations",
    "childs_voice",
    "findings",
    "analysis",
    "conclusion",
    "recommendations",
)


def _own(marker: str, **answers) -> dict:
    return {**{name: f"Said or seen ({marker}{name})." for name in OWN_FIELDS}, **answers}


def _markers(marker: str) -> set[str]:
    return {f"{marker}{name}" for name in OWN_FIELDS}


def _text(data: bytes, tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return " ".join(done.stdout.decode("utf-8").split())


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z_]+", text))


def _sibling(ws, given: str, born: date, plan: str, **extra) -> str:
    return records.add_child(
        ws,
        given_name=given,
        family_name="Ashworth",
        date_of_birth=born,
        plan=PlanInput(plan, PLAN_START, allocated_on=PLAN_START, **extra),
    )


@pytest.fixture
def visit(make_workspace):
    """A household visit of three siblings, completed: Jack (CP) seen alone, Lily (CP and
    looked after) seen with her brother and no carer, which is seen alone, and Sam (CIN),
    not seen."""
    ws = make_workspace(clock=lambda: NOW)
    every = {"visit_every": 2, "visit_unit": "weeks", "visit_rationale": "Agreed at conference."}
    jack = _sibling(ws, "Jack", date(2014, 5, 1), "CP", **every)
    lily = _sibling(ws, "Lily", date(2017, 2, 3), "CP+CLA", placement_start=PLAN_START, **every)
    sam = _sibling(ws, "Sam", date(2020, 8, 9), "CIN", **every)
    households.join_household(ws, jack, lily, PLAN_START)
    households.join_household(ws, jack, sam, PLAN_START)
    hv = household_visits.start(ws, [jack, lily, sam], VISITED, **SHARED)
    ids = {r.child_id: r.visit_id for r in household_visits.records_of(ws, hv)}
    household_visits.save(
        ws,
        hv,
        SHARED,
        {
            ids[jack]: _own("jackword", seen="yes", seen_alone="yes", bedroom_seen=True),
            ids[lily]: _own("lilyword", seen="yes", seen_alone="yes", bedroom_seen=True),
            ids[sam]: _own(
                "samword",
                seen="no",
                childs_voice="",
                findings="Sam was at his grandmother's (samwordfindings).",
            ),
        },
    )
    household_visits.complete(ws, hv)
    names = {jack: "Jack Ashworth", lily: "Lily Ashworth", sam: "Sam Ashworth"}
    markers = {
        jack: _markers("jackword"),
        lily: _markers("lilyword"),
        sam: _markers("samword") - {"samwordchilds_voice"},
    }
    return ws, hv, ids, names, markers


def test_each_childs_pdf_has_their_own_part_and_the_shared_part_and_nobody_elses(visit, tmp_path):
    ws, _hv, ids, names, markers = visit
    every_own = set().union(*markers.values())
    for child_id, visit_id in ids.items():
        text = _text(export.visit_pdf(ws, visit_id), tmp_path, names[child_id].split()[0])
        words = _words(text)
        assert markers[child_id] <= words, names[child_id]
        assert not (every_own - markers[child_id]) & words, names[child_id]
        assert set(SHARED_MARKERS) <= words
        others = [n for cid, n in names.items() if cid != child_id]
        assert f"A household visit: {others[0]} and {others[1]} were also visited." in text
        assert f"Household visit Yes, with {others[0]} and {others[1]}." in text


def test_a_childs_answers_print_on_their_own_pdf_only(visit, tmp_path):
    ws, _hv, ids, names, _markers = visit
    texts = {
        names[child]: _text(export.visit_pdf(ws, vid), tmp_path, names[child].split()[0])
        for child, vid in ids.items()
    }
    # Sam was not seen: only his record says so, and only Jack's and Lily's say seen alone.
    assert "The child was not seen at this visit." in texts["Sam Ashworth"]
    assert "The child was not seen at this visit." not in texts["Jack Ashworth"]
    assert "Has the child been seen alone? Yes" in texts["Lily Ashworth"]
    assert "Has the child been seen alone?" not in texts["Sam Ashworth"]
    # Lily is on a CP plan and looked after: both statuses, as the case system records them.
    assert "Status of the child CP Plan and Looked After (CLA)" in texts["Lily Ashworth"]
    assert "Plan Child Protection and Looked After (CP+CLA)" in texts["Lily Ashworth"]
    assert "Looked after regulations 2010" in texts["Lily Ashworth"]
    assert "Status of the child CP Plan " in texts["Jack Ashworth"]


def test_what_the_home_was_like_prints_in_the_visit_part_after_who_was_present(visit, tmp_path):
    ws, _hv, ids, _names, _markers = visit
    text = _text(export.visit_pdf(ws, next(iter(ids.values()))), tmp_path, "record")
    visit_part = text[text.index("The visit Date and time") : text.index("Statutory visit details")]
    present = visit_part.index("Who was present Mother and the three children (presentword)")
    home = visit_part.index(
        "What the home was like Warm and tidy (hearthword); the new bunk beds are up."
    )
    assert present < home < visit_part.index("Household visit") < visit_part.index("Recorded by")


def test_a_childs_pdf_of_all_their_records_marks_the_household_visit(visit, tmp_path):
    ws, _hv, ids, names, markers = visit
    lily = next(cid for cid, name in names.items() if name == "Lily Ashworth")
    text = _text(export.child_pdf(ws, lily), tmp_path, "lily-all")
    assert "Completed Household visit" in text  # the contents line of the record
    assert markers[lily] <= _words(text)
    assert not (set().union(*markers.values()) - markers[lily]) & _words(text)


def test_each_record_prints_the_plan_in_force_on_the_day_of_its_visit(make_workspace, tmp_path):
    ws = make_workspace(clock=lambda: NOW)
    child = _sibling(ws, "Ruby", date(2015, 3, 3), "CP")
    first = records.start_visit(ws, child, datetime(2026, 10, 6, 10, 0), location="home")
    # Looked after from November: the later record is of a child on both plans.
    with ws.db.transaction() as session:
        plan = session.query(Plan).filter(Plan.child_id == child).one()
        plan.end_date = date(2026, 10, 31)
        session.add(
            Plan(
                child_id=child,
                plan_type="CP+CLA",
                start_date=date(2026, 11, 1),
                placement_start=date(2026, 11, 1),
                updated_at=NOW,
            )
        )
    later = records.start_visit(ws, child, datetime(2026, 11, 20, 10, 0), location="home")
    both = _text(export.child_pdf(ws, child), tmp_path, "ruby")
    records_part = both[both.index("Visit record ") :]
    first_part, later_part = records_part.split("End of record")[:2]
    assert "Ruby Ashworth · Child Protection (CP) plan" in first_part
    assert "Plan Child Protection (CP) " in first_part
    assert "Looked after regulations" not in first_part
    assert "Ruby Ashworth · Child Protection and Looked After (CP+CLA) plan" in later_part
    assert "Plan Child Protection and Looked After (CP+CLA) " in later_part
    assert "Looked after regulations 2010" in later_part
    # One record on its own prints the plan of its own day too.
    alone = _text(export.visit_pdf(ws, first), tmp_path, "ruby-first")
    assert "Plan Child Protection (CP) " in alone
    assert later


def test_the_managers_copy_prints_the_same_names_and_the_home_from_the_bundle(
    visit, make_workspace, tmp_path
):
    worker, _hv, ids, names, markers = visit
    manager = make_workspace(role="manager", name="Morgan Manager", folder="manager")
    syncing.export_card(worker, tmp_path / "worker.card")
    syncing.export_card(manager, tmp_path / "manager.card")
    syncing.import_card(manager, tmp_path / "worker.card")
    syncing.import_card(worker, tmp_path / "manager.card")
    syncing.export_bundle(worker, tmp_path / "visit.vdbundle")
    syncing.import_bundle(manager, tmp_path / "visit.vdbundle")
    for child_id, visit_id in ids.items():
        text = _text(export.visit_pdf(manager, visit_id), tmp_path, f"m-{child_id}")
        others = [n for cid, n in names.items() if cid != child_id]
        assert f"Household visit Yes, with {others[0]} and {others[1]}." in text
        assert "What the home was like Warm and tidy (hearthword)" in text
        assert markers[child_id] <= _words(text)
        assert not (set().union(*markers.values()) - markers[child_id]) & _words(text)
