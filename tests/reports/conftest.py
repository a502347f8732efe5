"""Records to print, and a way to read back what a PDF says page by page."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from visitdesk.reports import (
    ReportAddendum,
    ReportAuthorisation,
    ReportChild,
    ReportFinding,
    ReportVisit,
)
from visitdesk.standards import load_policy


@pytest.fixture
def child() -> ReportChild:
    return ReportChild(
        id="child-1",
        full_name="Zoë Nguyễn Łucja Ó Briain",
        date_of_birth=date(2019, 5, 4),
        expected_birth_date=None,
        case_reference="CF-102938",
        plan_type="CIN",
        standard_title="Getting it Right Practice Standards: CIN visit (2018)",
        # The case system's field numbers, as a Getting it Right installation prints them.
        case_system="CareFirst",
        field_numbers=load_policy("getting-it-right-2018").field_numbers,
    )


@pytest.fixture
def visit() -> ReportVisit:
    """A completed and authorised home visit with every field filled in."""
    return ReportVisit(
        id="visit-0001",
        revision=3,
        state="authorised",
        visited_at=datetime(2026, 9, 3, 10, 0),
        location="home",
        announced=False,
        present="Mother (Siân Jones)\nZoë\nMaternal grandmother",
        joint_with_health_visitor=False,
        status_of_child="CIN Plan",
        seen="yes",
        seen_alone="no",
        not_seen_alone_category="refused",
        not_seen_alone_reason="Zoë asked for her mother to stay in the room.",
        seen_awake=True,
        bedroom_seen=True,
        attachment_observed=False,
        observations="The home was warm and tidy.",
        purpose="Planned visit to review the CIN plan.",
        childs_voice="Zoë said she likes her new school.",
        findings="The plan is helping; school attendance is up.",
        analysis="Mother is engaging well with the family support worker.",
        conclusion="Progress is good.",
        recommendations="Continue four-weekly visits.",
        completed_at=datetime(2026, 9, 4, 9, 30),
        created_by="Aoife Ní Bhriain",
        content_hash="sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        standards_summary=[
            ReportFinding("warning", "Seen alone is overdue.", "000 1.1.5"),
        ],
        check_frozen_at=datetime(2026, 9, 4, 9, 30),
        check_standards=["Getting it Right practice standards 2018 (version 1a2b3c4d5e6f)"],
        authorisation=ReportAuthorisation(
            "authorised", "Priya Shah", datetime(2026, 9, 5, 14, 5), "Good analysis."
        ),
        addenda=[
            ReportAddendum(
                datetime(2026, 9, 6, 11, 0), "Aoife Ní Bhriain", "Grandmother arrived at 10:20."
            )
        ],
        answers={"home_conditions": "A new sofa in the front room; the damp is treated."},
    )


@pytest.fixture
def draft(visit: ReportVisit) -> ReportVisit:
    return replace(visit, state="draft", completed_at=None, authorisation=None, addenda=[])


@pytest.fixture
def read_pages() -> Callable[[bytes], list[str]]:
    """The extracted text of each page of a PDF."""

    def read(data: bytes) -> list[str]:
        reader = PdfReader(io.BytesIO(data))
        return [page.extract_text() for page in reader.pages]

    return read
