"""The chronology printed in a child's PDF, before the records, and the significant event in
the record that marks it. Real PDFs, read back with poppler's ``pdftotext`` as a person
copying from them would."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import select

from visitdesk.reports import ReportChild, ReportVisit, render_visits
from visitdesk.reports.chronology import COLUMN_WIDTHS, ReportChronologyEntry
from visitdesk.reports.layout import (
    FRAME_BOTTOM,
    FRAME_TOP,
    LEFT_MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RIGHT_MARGIN,
)
from visitdesk.services import export, records
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import Plan

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

NOW = datetime(2026, 11, 25, 16, 0)
QUESTION = "Significant event for the child\u2019s chronology"
COMPLETE = {
    "location": "home",
    "seen": "yes",
    "seen_alone": "yes",
    "bedroom_seen": True,
    "seen_awake": True,
    "status_of_child": "CIN Plan",
    "purpose": "Statutory visit.",
    "findings": "Home warm; child well.",
    "analysis": "Plan on track.",
    "conclusion": "Continue.",
    "recommendations": "Next visit due.",
}
LONG = (
    "Mother's new partner moved into the home without telling the team; a police check was "
    "asked for, the school was told, and the child's grandmother agreed to stay for a week "
) * 3


def _pdftotext(data: bytes, tmp_path, name: str, *options: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, str(path), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def _pages(data: bytes, tmp_path, name: str) -> list[str]:
    """Each page's text as laid out (a table's row on one line), white space collapsed."""
    text = _pdftotext(data, tmp_path, name, "-layout")
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def _words(data: bytes, tmp_path, name: str) -> list[tuple[int, float, float, float, str]]:
    """(page, top, left, right, word) for every word printed, top to bottom, left to right
    on each page."""
    html = _pdftotext(data, tmp_path, name, "-bbox")
    out = []
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<'
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for left, top, right, word in re.findall(pattern, page):
            out.append((number, float(top), float(left), float(right), unescape(word)))
    return sorted(out)


def _column(words, page: int, left: float, right: float) -> list[tuple[float, str]]:
    """(right edge, word) for the words of the page's body (not its header or footer) on
    ``page`` that start between ``left`` and ``right``."""
    top, bottom = PAGE_HEIGHT - FRAME_TOP, PAGE_HEIGHT - FRAME_BOTTOM
    return [
        (w[3], w[4])
        for w in words
        if w[0] == page and left <= w[2] < right and top <= w[1] <= bottom
    ]


def _record(ws, child, day, event="", *, complete=True) -> str:
    at = datetime.combine(day, datetime.min.time()).replace(hour=10)
    vid = records.start_visit(ws, child, at, **COMPLETE)
    if event:
        records.save_draft(ws, vid, {"significant_event": event})
    if complete:
        records.complete_visit(ws, vid)
    return vid


@pytest.fixture
def ws(make_workspace):
    return make_workspace(clock=lambda: NOW)


@pytest.fixture
def ada(ws):
    """A child in need plan that became a child protection plan, records marking events
    (one long), a record marking none and a draft marking one."""
    child = records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        case_reference="CF-7",
        plan=PlanInput("CIN", date(2026, 9, 1), allocated_on=date(2026, 9, 1)),
    )
    with ws.db.sessions() as s:
        plan_id = s.scalar(select(Plan.id).where(Plan.child_id == child))
    records.update_plan(
        ws, plan_id, PlanInput("CIN", date(2026, 9, 1), end_date=date(2026, 10, 12))
    )
    with ws.db.transaction() as s:
        s.add(Plan(child_id=child, plan_type="CP", start_date=date(2026, 10, 12), updated_at=NOW))
    ids = {
        "school": _record(ws, child, date(2026, 9, 3), "Started at Hillside Primary School."),
        "plain": _record(ws, child, date(2026, 9, 17)),
        "long": _record(ws, child, date(2026, 10, 20), LONG),
        "draft": _record(ws, child, date(2026, 11, 20), "Draft words here.", complete=False),
    }
    return child, ids


def test_the_childs_pdf_prints_the_chronology_before_the_records(ws, ada, tmp_path):
    child, _ids = ada
    pages = _pages(export.child_pdf(ws, child), tmp_path, "ada")
    first = pages[0]
    assert "Contents and chronology" in first
    contents, chronology = first.split("Chronology Every significant event", 1)
    assert "Contents" in contents
    # The table's lines, in date order: date, event, source (and who wrote it).
    expected = [
        "01 Sep 2026 Child in need plan started Plan",
        "03 Sep 2026 Started at Hillside Primary School. Visit record of 3 Sep 2026 by Sam Worker",
        "12 Oct 2026 Child in need plan ended Plan",
        "12 Oct 2026 Child protection plan started Plan",
        "20 Oct 2026 Mother's new partner moved into the home",
    ]
    at = -1
    for line in expected:
        found = chronology.find(line)
        assert found > at, line
        at = found
    # The draft's event is not in the chronology; the draft itself, printed later, has it.
    assert "Draft words here." not in chronology
    record_pages = [p for p in pages[1:] if p.startswith("OFFICIAL-SENSITIVE Ada Brook")]
    assert record_pages and all("Chronology Every" not in p for p in pages[1:])
    assert sum("Draft words here." in p for p in pages) == 1


def test_a_long_event_wraps_inside_its_column_and_loses_no_word(ws, ada, tmp_path):
    child, _ids = ada
    data = export.child_pdf(ws, child)
    words = _words(data, tmp_path, "ada-words")
    left = LEFT_MARGIN + COLUMN_WIDTHS[0]
    right = left + COLUMN_WIDTHS[1]
    column = _column(words, 1, left, right)
    start = [word for _r, word in column].index("Mother's")
    event = column[start : start + len(LONG.split())]
    # Every word of it, in order, down its own column, and none past the column's edge.
    assert [word for _r, word in event] == LONG.split()
    assert all(r <= right for r, _word in event)
    assert all(w[3] <= PAGE_WIDTH - RIGHT_MARGIN + 0.5 for w in words)
    assert len(LONG.split()) > 3 * 12  # several lines' worth: it did have to wrap


def test_an_event_longer_than_a_page_runs_on_in_its_column_without_repeating_headings(
    tmp_path,
):
    child = ReportChild(id="c", full_name="Ada Brook", date_of_birth=date(2016, 3, 4))
    visit = ReportVisit(id="v", revision=1, state="completed", visited_at=datetime(2026, 9, 3))
    huge = " ".join(f"word{n}" for n in range(3000)) + " " + "x" * 400
    entries = [
        ReportChronologyEntry(
            date(2026, 9, 1), "plan_started", "Child in need plan started", "Plan"
        ),
        ReportChronologyEntry(date(2026, 9, 3), "event", huge, "Visit record of 3 Sep 2026", "Sam"),
        ReportChronologyEntry(date(2026, 9, 4), "event", "Last one.", "Visit record", "Sam"),
    ]
    data = render_visits(child, [visit], chronology=entries)
    pages = _pages(data, tmp_path, "huge")
    chronology_pages = [n for n, p in enumerate(pages, start=1) if "Contents and chronology" in p]
    assert len(chronology_pages) >= 3
    words = _words(data, tmp_path, "huge-words")
    left = LEFT_MARGIN + COLUMN_WIDTHS[0]
    right = left + COLUMN_WIDTHS[1]
    printed: list[str] = []
    for page in chronology_pages:
        column = _column(words, page, left, right)
        column_words = [word for _r, word in column]
        # The headings once a page, at its top (after the contents on the first), never
        # again above the rest of a cut row.
        assert column_words.count("Event") == 1
        assert page == 1 or column_words[0] == "Event"
        table = column[column_words.index("Event") + 1 :]
        assert all(r <= right for r, _word in table)
        printed += [word for _r, word in table]
    start = printed.index("word0")
    # Every word, in order; the word too long for a line is cut, never lost.
    assert printed[start : start + 3000] == [f"word{n}" for n in range(3000)]
    rest = printed[start + 3000 :]
    assert "".join(rest[: rest.index("Last")]) == "x" * 400
    assert rest[-2:] == ["Last", "one."]


def test_no_entries_says_so_and_no_chronology_prints_no_section(tmp_path):
    child = ReportChild(id="c", full_name="Ada Brook", date_of_birth=date(2016, 3, 4))
    visit = ReportVisit(id="v", revision=1, state="completed", visited_at=datetime(2026, 9, 3))
    first = _pages(render_visits(child, [visit], chronology=[]), tmp_path, "none")[0]
    assert "Chronology No significant events or plan changes recorded." in first
    assert "Date Event Source" not in first
    without = _pages(render_visits(child, [visit]), tmp_path, "without")[0]
    assert "Chronology" not in without and "chronology" not in without


def test_a_child_whose_plan_has_not_started_has_an_empty_chronology(ws, tmp_path):
    child = records.add_child(
        ws,
        given_name="Bo",
        family_name="Able",
        date_of_birth=date(2020, 1, 1),
        plan=PlanInput("CP", NOW.date() + timedelta(days=7)),
    )
    _record(ws, child, NOW.date() - timedelta(days=2))
    first = _pages(export.child_pdf(ws, child), tmp_path, "bo")[0]
    assert "Chronology No significant events or plan changes recorded." in first


def test_a_record_prints_its_significant_event_under_its_question(ws, ada, tmp_path):
    _child, ids = ada
    text = " ".join(_pages(export.visit_pdf(ws, ids["school"]), tmp_path, "school"))
    assert text.count(QUESTION) == 1
    # At the end of the record of the visit, after the recommendations, before the check.
    recommendations = text.index("Recommendations")
    event = text.index(f"{QUESTION} Started at Hillside Primary School.")
    assert recommendations < event < text.index("Standards check")


def test_a_record_marking_no_event_prints_nothing_about_one(ws, ada, tmp_path):
    _child, ids = ada
    text = " ".join(_pages(export.visit_pdf(ws, ids["plain"]), tmp_path, "plain"))
    assert "Significant event" not in text and "chronology" not in text.lower()
    assert "Recommendations (1.1.3) Next visit due. Standards check" in text
