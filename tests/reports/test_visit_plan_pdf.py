"""The printed record shows what was planned before the visit (004 I.14), part by part, only
when something was planned."""

from __future__ import annotations

from dataclasses import replace

from visitdesk.reports import ReportPlan, render_visit
from visitdesk.services import visit_plans

PARTS = {
    "wishes": "Three houses with Zoë; ask about her new school.",
    "needs": "Polish interpreter for mother, booked for 10:00.",
    "safety": "Visit with a colleague: father's threats last month.",
}


def _text(read_pages, data: bytes) -> str:
    return " ".join(" ".join(read_pages(data)).split())


def test_the_plan_carried_into_a_record_is_printed_with_each_parts_label(child, visit, read_pages):
    plan = visit_plans.report_plan(visit_plans.plan_text(PARTS))
    text = _text(read_pages, render_visit(child, replace(visit, visit_plan=plan)))
    assert "Visit plan (I.14)" in text
    assert "Visiting policy 2019, I.14" in text
    for part in PARTS.values():
        assert part in text
    # In the plan's order, labelled, before what the record says was done.
    wishes = text.index("Wishes, views and feelings")
    needs = text.index("Help to understand and take part")
    safety = text.index("Safety planning Visit with a colleague")
    assert wishes < needs < safety < text.index("Record of the visit")


def test_a_record_with_no_plan_prints_no_plan_section(child, visit, read_pages):
    assert visit_plans.report_plan("") is None
    text = _text(read_pages, render_visit(child, visit))
    assert "Visit plan" not in text
    empty = ReportPlan(parts=(), clause="I.14")
    assert "Visit plan" not in _text(
        read_pages, render_visit(child, replace(visit, visit_plan=empty))
    )


def test_a_plans_words_are_printed_as_written_never_read_as_markup(child, visit, read_pages):
    plan = ReportPlan((("Safety", "<b>Dad</b> & <font size=40>uncle</font>"),), "I.14")
    text = _text(read_pages, render_visit(child, replace(visit, visit_plan=plan)))
    assert "<b>Dad</b> & <font size=40>uncle</font>" in text


def test_a_plan_written_on_the_child_page_is_printed_with_the_completed_record(
    workspace, read_pages
):
    from datetime import timedelta

    from visitdesk.services import export, records
    from visitdesk.services.records import PlanInput

    start = workspace.today() - timedelta(days=20)
    cid = records.add_child(
        workspace,
        given_name="Zoë",
        family_name="Nowak",
        date_of_birth=start.replace(year=start.year - 9),
        plan=PlanInput("CIN", start, allocated_on=start),
    )
    visit_plans.save_next_plan(workspace, cid, PARTS)
    vid = records.start_visit(workspace, cid, workspace.now() - timedelta(hours=2))
    text = _text(read_pages, export.visit_pdf(workspace, vid))
    assert "Visit plan (I.14)" in text
    for part in PARTS.values():
        assert part in text
