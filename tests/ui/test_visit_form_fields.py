"""The visit form asks what the authority's standards can ask of this child, and only that;
the printed record prints exactly the questions the form asked, and a completed record shows
the check made when it was completed."""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta

import pytest

from visitdesk.services import export, records
from visitdesk.services.meetings import dump_holidays
from visitdesk.services.records import PlanInput
from visitdesk.standards.case import HolidayFacts
from visitdesk.storage.models import Plan, Visit
from visitdesk.ui.hub import Hub
from visitdesk.ui.visit_form import VisitForm

FULL = dict(
    location="home",
    seen="yes",
    seen_alone="yes",
    bedroom_seen=True,
    purpose="To review the plan.",
    findings="All well at home.",
    analysis="The plan is working.",
    conclusion="Safe and well.",
    recommendations="Visit again in four weeks.",
)


def _years_ago(ws, years: int) -> date:
    today = ws.today()
    return today.replace(year=today.year - years, day=min(today.day, 28))


def _visit(ws, years: int, plan: str = "CIN", **fields) -> str:
    child = records.add_child(
        ws,
        given_name="Ada",
        family_name="Jones",
        date_of_birth=_years_ago(ws, years),
        plan=PlanInput(plan, ws.today() - timedelta(days=60)),
    )
    at = ws.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=1)
    return records.start_visit(ws, child, at, **(fields or {"location": "home", "seen": "yes"}))


def _form(ws, qtbot, visit_id: str) -> VisitForm:
    form = VisitForm(ws, Hub(), visit_id)
    qtbot.addWidget(form)
    return form


def _visible(form: VisitForm) -> set[str]:
    return {name for name, field in form.fields.items() if field.isVisibleTo(form)}


def _pdf_text(ws, visit_id: str, tmp_path) -> str:
    path = tmp_path / f"{visit_id}.pdf"
    path.write_bytes(export.visit_pdf(ws, visit_id))
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(out.stdout.split())


@pytest.fixture
def policy_ws(make_workspace):
    return make_workspace(policy="visiting-policy-2019")


def test_an_eleven_year_old_is_not_asked_if_seen_awake_and_the_record_does_not_print_it(
    policy_ws, qtbot, tmp_path
):
    visit_id = _visit(policy_ws, 11)
    shown = _visible(_form(policy_ws, qtbot, visit_id))

    assert {"outcome", "location", "seen", "seen_alone", "bedroom_seen", "purpose"} <= shown
    assert not shown & {"seen_awake", "attachment_observed", "joint_with_health_visitor", "contact"}
    text = _pdf_text(policy_ws, visit_id, tmp_path)
    assert "Has the child been seen alone?" in text
    assert "seen awake" not in text.lower()
    assert "Observed with parent or carer?" not in text


def test_a_two_year_old_is_asked_if_seen_awake_and_observed_with_their_carer(
    policy_ws, qtbot, tmp_path
):
    visit_id = _visit(policy_ws, 2)
    shown = _visible(_form(policy_ws, qtbot, visit_id))

    assert {"seen_awake", "attachment_observed"} <= shown
    text = _pdf_text(policy_ws, visit_id, tmp_path)
    assert "Was the child seen awake? Not recorded" in text
    assert "Observed with parent or carer? Not recorded" in text


def test_seen_awake_goes_when_the_child_was_not_seen(policy_ws, qtbot):
    form = _form(policy_ws, qtbot, _visit(policy_ws, 2))
    form.seen.set_value("no")

    assert not _visible(form) & {"seen_awake", "seen_alone", "attachment_observed"}


def test_a_cancelled_visit_asks_nothing_about_the_child(policy_ws, qtbot):
    form = _form(policy_ws, qtbot, _visit(policy_ws, 2))
    form.fields["outcome"].editor.set_value("cancelled")

    shown = _visible(form)
    assert not shown & {"seen", "seen_alone", "bedroom_seen", "location", "present"}
    assert {"outcome", "purpose", "findings"} <= shown
    # Anything else about the child stays only while the standard still asks for it.
    assert shown & {"seen_awake", "attachment_observed"} <= form._asked


def test_the_joint_health_visitor_visit_is_asked_for_a_baby_on_cp_under_getting_it_right(
    workspace, qtbot
):
    baby = _form(workspace, qtbot, _visit(workspace, 1, plan="CP"))
    older = _form(workspace, qtbot, _visit(workspace, 11, plan="CP"))

    assert "joint_with_health_visitor" in _visible(baby)
    assert "joint_with_health_visitor" not in _visible(older)


def test_how_the_child_was_seen_is_asked_only_during_a_recorded_holiday(policy_ws, qtbot):
    visit_id = _visit(policy_ws, 11, plan="CP")
    assert "contact" not in _visible(_form(policy_ws, qtbot, visit_id))

    day = policy_ws.today() - timedelta(days=1)
    with policy_ws.db.transaction() as session:
        visit = session.get(Visit, visit_id)
        plan = session.query(Plan).filter_by(child_id=visit.child_id).one()
        plan.holidays = dump_holidays(
            [HolidayFacts(day - timedelta(days=3), day + timedelta(days=4), abroad=True)]
        )
    assert "contact" in _visible(_form(policy_ws, qtbot, visit_id))


def test_labels_show_the_case_systems_numbers_only_under_an_authority_that_has_them(
    workspace, make_workspace, qtbot, tmp_path
):
    ours = _form(workspace, qtbot, _visit(workspace, 11))
    assert ours.seen.accessibleName() == "Has the child been seen? (1.1.4)"
    label = ours.fields["seen"].parentWidget().layout().labelForField(ours.fields["seen"])
    assert label.text().replace("&", "") == "Seen (1.1.4):"

    leics = make_workspace(policy="leicestershire-cin-2024", folder="leics")
    theirs = _form(leics, qtbot, _visit(leics, 11))
    label = theirs.fields["seen"].parentWidget().layout().labelForField(theirs.fields["seen"])
    assert label.text().replace("&", "") == "Seen:"
    text = _pdf_text(leics, theirs.visit_id, tmp_path)
    assert "Has the child been seen? Yes" in text and "1.1." not in text


# -- the check kept with a completed record -------------------------------------------------


def _completed(ws) -> str:
    visit_id = _visit(ws, 11, **FULL)
    records.complete_visit(ws, visit_id)
    return visit_id


def _panel(form: VisitForm) -> list[str]:
    return [form.findings_list.item(i).text() for i in range(form.findings_list.count())]


def test_a_completed_record_shows_the_check_made_when_it_was_completed(workspace, qtbot, tmp_path):
    visit_id = _completed(workspace)
    form = _form(workspace, qtbot, visit_id)

    lines = _panel(form)
    assert lines[0].startswith("As checked when completed on ")
    assert lines[1].startswith("Standards used: Getting it Right practice standards 2018")
    assert not any(line.startswith("Checked again today") for line in lines)
    text = _pdf_text(workspace, visit_id, tmp_path)
    assert "As checked when completed on " in text
    assert "Standards used: Getting it Right practice standards 2018 (version " in text
    assert "Checked again today" not in text


def test_what_the_standards_say_differently_today_is_shown_apart(workspace, qtbot, tmp_path):
    visit_id = _completed(workspace)
    with workspace.db.transaction() as session:
        visit = session.get(Visit, visit_id)
        stored = json.loads(visit.completion_check)
        stored["findings"].append(
            {
                "code": "bedroom.overdue",
                "severity": "warning",
                "visit": visit_id,
                "field": "bedroom_seen",
                "message": "The bedroom was last seen too long ago.",
                "source": "Made-up standard, 9",
                "rule": None,
            }
        )
        visit.completion_check = json.dumps(stored)
    lines = _panel(_form(workspace, qtbot, visit_id))

    assert any("The bedroom was last seen too long ago." in line for line in lines)
    again = next(i for i, line in enumerate(lines) if line.startswith("Checked again today"))
    assert "No longer found: The bedroom was last seen too long ago." in " ".join(lines[again:])
    text = _pdf_text(workspace, visit_id, tmp_path)
    assert "Checked again today" in text and "No longer found" in text


def test_a_record_completed_before_checks_were_kept_says_when_it_was_checked(
    workspace, qtbot, tmp_path
):
    visit_id = _completed(workspace)
    with workspace.db.transaction() as session:
        session.get(Visit, visit_id).completion_check = ""
    lines = _panel(_form(workspace, qtbot, visit_id))

    assert lines[0].startswith("Checked today, ")
    text = _pdf_text(workspace, visit_id, tmp_path)
    assert "Checked when printed on " in text
    assert "As checked when completed" not in text
