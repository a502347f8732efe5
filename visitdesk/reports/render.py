"""Lay out visit records as A4 PDF pages: one record, or several behind a contents page.

The styles and small builders are in ``blocks`` and one record's sections in ``sections``;
this module lays out the document and holds the entry points.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from functools import partial

from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from visitdesk.errors import UserError
from visitdesk.reports import fonts, layout
from visitdesk.reports import text as t
from visitdesk.reports.blocks import (
    _GRID_TABLE,
    BODY,
    CELL,
    CELL_CLAUSE,
    CELL_HEAD,
    CELL_LABEL,
    CELL_SMALL,
    END,
    HEADING,
    MISSING,
    NOTE,
    SECTION,
    STATE_LINE,
    SUBTITLE,
    TITLE,
    _label_table,
    _section,
)
from visitdesk.reports.chronology import ReportChronologyEntry, chronology_section
from visitdesk.reports.layout import CONTENT_WIDTH, Furniture, PageRecord
from visitdesk.reports.model import ReportChild, ReportVisit
from visitdesk.reports.sections import NARRATIVE, _seen_alone, _visit_story

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"

# The styles and the narrative fields are re-exported from their own modules so that every
# ``render.<name>`` still works.
__all__ = [
    "BODY",
    "CELL",
    "CELL_CLAUSE",
    "CELL_HEAD",
    "CELL_LABEL",
    "CELL_SMALL",
    "DEFAULT_MARKING",
    "END",
    "HEADING",
    "MISSING",
    "NARRATIVE",
    "NOTE",
    "SECTION",
    "STATE_LINE",
    "SUBTITLE",
    "TITLE",
    "render_visit",
    "render_visits",
]


# -- the document ------------------------------------------------------------------------------


def _page_record(visit: ReportVisit, number: int) -> PageRecord:
    day = t.long_date(t.local_time(visit.visited_at).date())
    state = t.label(t.STATE_SHORT, visit.state)
    footer = (
        f"Record {t.clean(visit.id)}  ·  revision {visit.revision}  ·  "
        f"content hash {t.short_hash(visit.content_hash)}"
    )
    return PageRecord(
        # Numbered, not named by id: the same record may be printed twice in one bundle.
        key=f"record-{number}",
        header_right=f"Visit on {day}  ·  {state}",
        footer_left=footer,
        outline_title=f"{day}: {t.label(t.LOCATION_SHORT, visit.location)}, {state.lower()}",
        is_draft=visit.is_draft,
    )


def _header_left(child: ReportChild) -> str:
    name = t.clean(child.full_name) or t.NOT_RECORDED
    reference = t.clean(child.case_reference)
    return f"{name}  ·  {reference}" if reference else name


def _document(
    buffer: io.BytesIO, title: str, marking: str, furniture: Furniture, first: str
) -> BaseDocTemplate:
    """The A4 document; ``first`` names the template of page one ("record" or "draft")."""

    def frame(top: float, name: str) -> Frame:
        return Frame(
            layout.LEFT_MARGIN,
            layout.FRAME_BOTTOM,
            CONTENT_WIDTH,
            top - layout.FRAME_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=name,
        )

    templates = [
        PageTemplate("record", [frame(layout.FRAME_TOP, "r")], onPage=furniture.on_page),
        PageTemplate("draft", [frame(layout.DRAFT_FRAME_TOP, "d")], onPage=furniture.on_page),
    ]
    templates.sort(key=lambda template: template.id != first)
    return BaseDocTemplate(
        buffer,
        pagesize=layout.A4,
        pageTemplates=templates,
        title=title,
        subject=marking,
        author="",
        creator="VisitDesk",
        lang="en-GB",
        # Otherwise every page names Helvetica, a font the PDF does not embed.
        initialFontName=fonts.REGULAR,
        initialFontSize=9.5,
        pageCompression=1,
    )


def _generated_line(generated_at: datetime | None) -> str:
    moment = generated_at if generated_at is not None else datetime.now()
    return f"Printed {t.date_time(moment)}"


def render_visit(
    child: ReportChild,
    visit: ReportVisit,
    *,
    marking: str = DEFAULT_MARKING,
    generated_at: datetime | None = None,
) -> bytes:
    """One visit record as PDF bytes: A4, fonts embedded, marked and numbered on every page."""
    fonts.register_fonts()
    marking = t.clean(marking)
    generated = _generated_line(generated_at)
    furniture = Furniture(
        marking=marking,
        header_left=_header_left(child),
        generated=generated,
        records=[_page_record(visit, 1)],
        batch=False,
        current=0,
    )
    buffer = io.BytesIO()
    first = "draft" if visit.is_draft else "record"
    doc = _document(buffer, "Visit record", marking, furniture, first)
    doc.build(
        _visit_story(child, visit, marking, generated),
        canvasmaker=partial(layout.DeferredCanvas, furniture=furniture),
    )
    return buffer.getvalue()


def _sort_key(visit: ReportVisit) -> tuple[datetime, str, int]:
    return (t.local_time(visit.visited_at).replace(tzinfo=None), visit.id, visit.revision)


def _count(records: int) -> str:
    return "1 visit record" if records == 1 else f"{records} visit records"


def _contents_story(
    child: ReportChild,
    visits: Sequence[ReportVisit],
    title: str,
    generated: str,
    furniture: Furniture,
) -> list[Flowable]:
    first = t.long_date(t.local_time(visits[0].visited_at).date())
    last = t.long_date(t.local_time(visits[-1].visited_at).date())
    count = _count(len(visits))
    span = f"on {first}" if first == last else f"from {first} to {last}"
    child_rows: list[tuple[str, str | None]] = [
        ("Child", t.clean(child.full_name) or t.NOT_RECORDED),
    ]
    if child.date_of_birth is not None or child.expected_birth_date is None:
        child_rows.append(("Date of birth", t.long_date(child.date_of_birth)))
    else:
        child_rows.append(("Expected date of birth", t.long_date(child.expected_birth_date)))
    child_rows += [
        ("Case-system reference", t.clean(child.case_reference) or t.NOT_RECORDED),
        ("Plan", t.label(t.PLAN_LABELS, child.plan_type)),
        ("Practice standard applied", t.clean(child.standard_title) or t.NOT_RECORDED),
    ]
    story: list[Flowable] = [
        Paragraph(t.markup(title), TITLE),
        Paragraph(t.markup(f"{count} {span}, in date order. {generated}."), SUBTITLE),
        Spacer(1, 4),
        _label_table(child_rows),
        *_section("Contents"),
    ]
    head = ["No.", "Date and time", "Where", "Child seen", "Seen alone", "Record", "Page"]
    data: list[list[Flowable]] = [[Paragraph(h, CELL_HEAD) for h in head]]
    for index, visit in enumerate(visits):
        moment = t.local_time(visit.visited_at)
        state = t.label(t.STATE_SHORT, visit.state)
        data.append(
            [
                Paragraph(str(index + 1), CELL_SMALL),
                Paragraph(f"{t.short_date(moment.date())}, {moment:%H:%M}", CELL_SMALL),
                Paragraph(t.markup(t.label(t.LOCATION_SHORT, visit.location)), CELL_SMALL),
                Paragraph(t.markup(t.label(t.SEEN_LABELS, visit.seen)), CELL_SMALL),
                Paragraph(t.markup(_seen_alone(visit)), CELL_SMALL),
                Paragraph(
                    (f'<font color="#B3261E"><b>{state}</b></font>' if visit.is_draft else state)
                    # A household visit's record is this child's own: say so where it is listed.
                    + ("<br/>Household visit" if visit.household_visit else ""),
                    CELL_SMALL,
                ),
                layout.PageNumberSlot(furniture, index),
            ]
        )
    widths = [10 * mm, 38 * mm, 24 * mm, 22 * mm, 22 * mm, 0, 14 * mm]
    widths[5] = CONTENT_WIDTH - sum(widths)
    story.append(Table(data, colWidths=widths, style=_GRID_TABLE, repeatRows=1, hAlign="LEFT"))
    return story


def render_visits(
    child: ReportChild,
    visits: Sequence[ReportVisit],
    *,
    marking: str = DEFAULT_MARKING,
    title: str | None = None,
    generated_at: datetime | None = None,
    chronology: Sequence[ReportChronologyEntry] | None = None,
) -> bytes:
    """Several records of one child in date order, behind a contents page, as PDF bytes.

    Each record starts on a new page and keeps its own marking, draft mark and footer; the
    contents lists each record's date, place, state and first page, and links to it. With
    ``chronology`` (entries in date order, perhaps none), the child's chronology follows the
    contents, before the first record.
    """
    if not visits:
        raise UserError("There are no visit records to print; choose other dates or another child.")
    fonts.register_fonts()
    marking = t.clean(marking)
    ordered = sorted(visits, key=_sort_key)
    generated = _generated_line(generated_at)
    heading = t.clean(title) or f"Visit records: {t.clean(child.full_name) or t.NOT_RECORDED}"
    furniture = Furniture(
        marking=marking,
        header_left=_header_left(child),
        generated=generated,
        records=[_page_record(visit, n) for n, visit in enumerate(ordered, start=1)],
        batch=True,
        contents_title="Contents" if chronology is None else "Contents and chronology",
        contents_footer=f"Contents of {_count(len(ordered))}",
    )
    buffer = io.BytesIO()
    doc = _document(buffer, "Visit records", marking, furniture, "record")
    story = _contents_story(child, ordered, heading, generated, furniture)
    if chronology is not None:
        story += chronology_section(chronology)
    for index, visit in enumerate(ordered):
        template = "draft" if visit.is_draft else "record"
        story.append(layout.StartRecord(furniture, index, template))
        story += _visit_story(child, visit, marking, generated)
    doc.build(story, canvasmaker=partial(layout.DeferredCanvas, furniture=furniture))
    return buffer.getvalue()
