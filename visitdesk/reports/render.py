"""Lay out visit records as A4 PDF pages: one record, or several behind a contents page."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from functools import partial

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from visitdesk.errors import UserError
from visitdesk.reports import fonts, layout
from visitdesk.reports import text as t
from visitdesk.reports.layout import CONTENT_WIDTH, Furniture, PageRecord
from visitdesk.reports.model import ReportChild, ReportFinding, ReportVisit
from visitdesk.standards import fields as catalogue

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"

# -- styles ------------------------------------------------------------------------------------

_BASE = ParagraphStyle(
    "base",
    fontName=fonts.REGULAR,
    fontSize=9.5,
    leading=13.2,
    textColor=layout.INK,
    splitLongWords=1,
)
TITLE = ParagraphStyle("title", _BASE, fontName=fonts.BOLD, fontSize=17, leading=21, spaceAfter=2)
SUBTITLE = ParagraphStyle("subtitle", _BASE, fontSize=10.5, leading=14, spaceAfter=1)
STATE_LINE = ParagraphStyle("state", _BASE, fontName=fonts.BOLD, fontSize=10, leading=14)
SECTION = ParagraphStyle(
    "section",
    _BASE,
    fontName=fonts.BOLD,
    fontSize=11,
    leading=14,
    spaceBefore=11,
    spaceAfter=5,
    backColor=colors.HexColor("#E9EDF1"),
    borderPadding=(3, 4, 3, 4),
    leftIndent=4,
)
HEADING = ParagraphStyle(
    "heading",
    _BASE,
    fontName=fonts.BOLD,
    fontSize=10,
    leading=13,
    spaceBefore=8,
    spaceAfter=2.5,
)
BODY = ParagraphStyle("body", _BASE, spaceAfter=5)
MISSING = ParagraphStyle("missing", BODY, fontName=fonts.ITALIC, textColor=layout.MUTED)
CELL = ParagraphStyle("cell", _BASE, fontSize=9.5, leading=12.5)
CELL_LABEL = ParagraphStyle("celllabel", CELL, fontSize=8.5, leading=12, textColor=layout.MUTED)
CELL_CLAUSE = ParagraphStyle("cellclause", CELL_LABEL, fontName=fonts.BOLD)
CELL_HEAD = ParagraphStyle("cellhead", CELL, fontName=fonts.BOLD, fontSize=8.5, leading=11)
CELL_SMALL = ParagraphStyle("cellsmall", CELL, fontSize=8.5, leading=11)
NOTE = ParagraphStyle("note", _BASE, fontSize=8.5, leading=11.5, textColor=layout.MUTED)
END = ParagraphStyle("end", NOTE, alignment=TA_CENTER, spaceBefore=14)

_RULE = layout.RULE
_LABEL_TABLE = TableStyle(
    [
        # Tables start each cell in their own default font (Helvetica) unless told otherwise.
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 9.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, _RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]
)
_GRID_TABLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, _RULE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, layout.INK),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F3F5F7")),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]
)

# The narrative sections, in the field catalogue's order: its longer text fields, printed as
# headings with the worker's words under them. The short fields print as tables.
NARRATIVE = tuple(item.name for item in catalogue.FIELDS if item.kind == "text" and item.lines >= 4)


# -- small builders ----------------------------------------------------------------------------


def _cell(text: str | None, width: float, style: ParagraphStyle) -> str | Flowable:
    """A table cell for ``text``: plain when it fits on one line, else a wrapping paragraph.

    Plain cells are drawn directly, several times faster than a paragraph, and most values
    (dates, yes or no, names) are one short line. Typed line breaks and blank lines are kept
    (a blank line prints as one empty line). A very long value is set by ``layout.LongText``.
    """
    value = t.clean(text)
    if not value:
        return t.NOT_RECORDED
    if "\n" not in value and stringWidth(value, style.fontName, style.fontSize) <= width - 8:
        return value
    return layout.flow_text("\n\n".join(t.paragraph_texts(value)), style)


def _field_table(rows: Sequence[tuple[str, ...]], widths: Sequence[float]) -> Table:
    """Label and value rows; an optional first column holds the clause each field answers.

    The last column holds the values; a value that is missing prints "Not recorded" in grey
    italics, so a blank can never be mistaken for an answer.
    """
    last = len(widths) - 1
    commands: list[tuple[object, ...]] = [
        ("FONT", (last, 0), (last, -1), fonts.REGULAR, CELL.fontSize, CELL.leading),
        ("TEXTCOLOR", (last, 0), (last, -1), layout.INK),
        ("FONT", (last - 1, 0), (last - 1, -1), fonts.REGULAR, 8.5, CELL.leading),
        ("TEXTCOLOR", (0, 0), (last - 1, -1), layout.MUTED),
    ]
    if last == 2:
        commands.append(("FONT", (0, 0), (0, -1), fonts.BOLD, 8.5, CELL.leading))
    data: list[list[str | Flowable]] = []
    for row_number, row in enumerate(rows):
        cells: list[str | Flowable] = [
            _cell(label, width, CELL_CLAUSE if column < last - 1 else CELL_LABEL) if label else ""
            for column, (label, width) in enumerate(zip(row[:-1], widths[:-1], strict=True))
        ]
        value = _cell(row[-1], widths[-1], CELL)
        if value == t.NOT_RECORDED:
            at = (last, row_number)
            commands.append(("FONT", at, at, fonts.ITALIC, CELL.fontSize, CELL.leading))
            commands.append(("TEXTCOLOR", at, at, layout.MUTED))
        data.append([*cells, value])
    return Table(
        data,
        colWidths=widths,
        style=TableStyle(list(_LABEL_TABLE.getCommands()) + commands),
        hAlign="LEFT",
        splitInRow=1,
    )


_LABEL_WIDTHS = (52 * mm, CONTENT_WIDTH - 52 * mm)
_CLAUSE_WIDTHS = (13 * mm, 58 * mm, CONTENT_WIDTH - 71 * mm)


def _label_table(rows: Sequence[tuple[str, str | None]]) -> Table:
    return _field_table(rows, _LABEL_WIDTHS)


def _clause_table(rows: Sequence[tuple[str, str, str | None]]) -> Table:
    return _field_table(rows, _CLAUSE_WIDTHS)


def _section(title: str) -> list[Flowable]:
    # A heading never sits alone at the foot of a page: it moves on unless a few rows fit.
    return [CondPageBreak(30 * mm), Paragraph(t.markup(title), SECTION)]


def _heading(title: str, clause: str = "") -> list[Flowable]:
    text = t.markup(title)
    if clause:
        text += f'<font name="{fonts.REGULAR}" size="8" color="#555555">   ({clause})</font>'
    return [CondPageBreak(20 * mm), Paragraph(text, HEADING)]


def _body(value: str | None) -> list[Flowable]:
    parts = t.paragraph_texts(value)
    if not parts:
        return [Paragraph(t.NOT_RECORDED, MISSING)]
    # A very long paragraph is set by layout.LongText, in time proportional to its length.
    return [layout.flow_text(part, BODY) for part in parts]


def _age_line(child: ReportChild, visit: ReportVisit) -> tuple[str, str]:
    """The label and wording for the child's age at the visit, or their expected birth."""
    on = t.local_time(visit.visited_at).date()
    if child.date_of_birth is not None:
        age = t.age_on(child.date_of_birth, on)
        return "Age at the visit", age if age is not None else "Not yet born at the visit"
    if child.expected_birth_date is not None:
        return "Age at the visit", "Unborn at the visit"
    return "Age at the visit", t.NOT_RECORDED


def _not_seen_alone_reason(visit: ReportVisit) -> str:
    category = visit.not_seen_alone_category
    reason = t.clean(visit.not_seen_alone_reason)
    if category and reason:
        return f"{t.label(t.NOT_SEEN_ALONE_LABELS, category)}: {reason}"
    if category:
        return t.label(t.NOT_SEEN_ALONE_LABELS, category)
    return reason or t.NOT_RECORDED


def _record_completed(visit: ReportVisit) -> str:
    return {
        "completed": "Yes",
        "authorised": "Yes",
        "returned": "No: returned by the manager for changes",
        "draft": "No: this is a draft",
    }.get(visit.state, t.label(t.STATE_LABELS, visit.state))


# -- one record --------------------------------------------------------------------------------


def _child_section(child: ReportChild, visit: ReportVisit) -> list[Flowable]:
    rows: list[tuple[str, str | None]] = [("Name", t.clean(child.full_name) or t.NOT_RECORDED)]
    if child.date_of_birth is not None or child.expected_birth_date is None:
        rows.append(("Date of birth", t.long_date(child.date_of_birth)))
    if child.expected_birth_date is not None and child.date_of_birth is None:
        rows.append(("Expected date of birth", t.long_date(child.expected_birth_date)))
    age_label, age = _age_line(child, visit)
    rows += [
        (age_label, age),
        ("Case-system reference", t.clean(child.case_reference) or t.NOT_RECORDED),
        ("Plan", t.label(t.PLAN_LABELS, child.plan_type)),
        ("Practice standard applied", t.clean(child.standard_title) or t.NOT_RECORDED),
    ]
    return [*_section("The child"), _label_table(rows)]


def _shown(visit: ReportVisit) -> set[str]:
    """The fields this record prints: those the form asked (the caller says which), or, when
    not told, every field its answers leave open."""
    values = {name: getattr(visit, name, None) for name in catalogue.STORED_FIELDS}
    if visit.shown is not None:
        asked = set(visit.shown)
    else:
        asked = {f.name for f in catalogue.FIELDS if f.stored and f.asked != "holiday"}
    return set(catalogue.shown_fields(asked, values))


def _value(visit: ReportVisit, item: catalogue.VisitField) -> str | None:
    value = getattr(visit, item.name, None)
    if item.name == "visited_at":
        return t.date_time(value, weekday=True)
    if item.name == "not_seen_alone_category":
        return _not_seen_alone_reason(visit)
    if item.name == "outcome" and value is None:
        # Records from before the question was asked: what the child's answers show.
        value = {"no": "failed", "yes": "visited", "unborn": "visited"}.get(visit.seen or "")
    if item.kind == "flag":
        return t.yes_no(value)
    if item.kind == "choice":
        return t.label(dict(item.choices), value)
    return value


def _rows(
    child: ReportChild, visit: ReportVisit, section: str, shown: set[str]
) -> list[tuple[str, str, str | None]]:
    """(number, question, answer) for the short fields of one part of the form."""
    rows = []
    for item in catalogue.in_section(section):
        if item.name not in shown or item.name in NARRATIVE:
            continue
        if item.name == "not_seen_alone_reason" and "not_seen_alone_category" in shown:
            continue  # printed with the category, as one answer
        number = child.field_numbers.get(item.name, "")
        rows.append((number, item.question, _value(visit, item)))
    return rows


def _table(child: ReportChild, rows: Sequence[tuple[str, str, str | None]]) -> Table:
    """A table of answers, with the case system's field numbers in a first column where the
    authority's case system numbers these fields, and without one where it does not."""
    if any(number for number, _question, _answer in rows):
        return _clause_table(rows)
    return _label_table([(question, answer) for _number, question, answer in rows])


def _visit_section(child: ReportChild, visit: ReportVisit, shown: set[str]) -> list[Flowable]:
    rows = _rows(child, visit, "visit", shown)
    rows.append(("", "Recorded by", t.clean(visit.created_by) or t.NOT_RECORDED))
    return [*_section("The visit"), _table(child, rows)]


def _seen_alone(visit: ReportVisit) -> str:
    # Seen alone is only asked once the child has been seen; say so rather than "not recorded".
    if visit.seen_alone is None and visit.seen == "unborn":
        return "Not applicable (unborn)"
    if visit.seen_alone is None and visit.seen == "no":
        return "Not applicable (not seen)"
    if visit.seen_alone is None and visit.outcome == "cancelled":
        return "Not applicable (cancelled)"
    return t.label(t.SEEN_ALONE_LABELS, visit.seen_alone)


def _statutory_section(child: ReportChild, visit: ReportVisit, shown: set[str]) -> list[Flowable]:
    rows = _rows(child, visit, "child", shown)
    if not rows:
        return []
    return [*_section("Statutory visit details"), _table(child, rows)]


def _narrative_section(child: ReportChild, visit: ReportVisit, shown: set[str]) -> list[Flowable]:
    story: list[Flowable] = _section("Record of the visit")
    for name in NARRATIVE:
        if name not in shown:
            continue
        story += _heading(catalogue.field(name).question, child.field_numbers.get(name, ""))
        story += _body(getattr(visit, name))
    return story


def _findings_table(findings: Sequence[ReportFinding], *, changes: bool = False) -> Table:
    first = "Today" if changes else "Result"
    data: list[list[Flowable]] = [
        [
            Paragraph(first, CELL_HEAD),
            Paragraph("Finding", CELL_HEAD),
            Paragraph("Clause", CELL_HEAD),
        ]
    ]
    for finding in findings:
        result = t.label(t.SEVERITY_LABELS, finding.severity)
        if changes:
            result = "No longer found" if finding.change == "gone" else f"New: {result.lower()}"
        data.append(
            [
                Paragraph(t.markup(result), CELL_SMALL),
                Paragraph(t.markup(finding.message) or t.NOT_RECORDED, CELL_SMALL),
                Paragraph(t.markup(finding.source) or "\u2013", CELL_SMALL),
            ]
        )
    widths = (27 * mm, CONTENT_WIDTH - 67 * mm, 40 * mm)
    return Table(
        data, colWidths=widths, style=_GRID_TABLE, repeatRows=1, hAlign="LEFT", splitInRow=1
    )


def _standards_section(visit: ReportVisit) -> list[Flowable]:
    completed = visit.state in ("completed", "authorised")
    # A returned record is being corrected: the check made at its last completion is no
    # longer the one that stands.
    frozen = completed and visit.check_frozen_at is not None
    if frozen:
        note = f"As checked when completed on {t.date_time(visit.check_frozen_at)}."
        if visit.check_standards:
            note += " Standards used: " + "; ".join(visit.check_standards) + "."
    elif completed:
        when = t.long_date(t.local_time(visit.checked_on or datetime.now()).date())
        note = (
            f"Checked when printed on {when}. The check made when this record was completed "
            "was not kept with it, so the standards may have said something different then."
        )
    elif visit.state == "returned":
        note = "As last checked; the record was returned for changes."
    else:
        note = "As last checked; the record has not been completed."
    story: list[Flowable] = [*_section("Standards check"), Paragraph(t.markup(note), NOTE)]
    story.append(Spacer(1, 3))
    if visit.standards_summary:
        story.append(_findings_table(visit.standards_summary))
    elif completed or frozen:
        story.append(Paragraph("The standards check found nothing to report.", BODY))
    else:
        story.append(Paragraph("No findings were recorded.", BODY))
    if frozen and visit.checked_again is not None:
        when = t.long_date(t.local_time(visit.checked_on or datetime.now()).date())
        story += _heading(f"Checked again today, {when}")
        story.append(
            Paragraph(
                t.markup(
                    "The standards now say something different (the child\u2019s later visits "
                    "or the standards themselves may have changed). The check above is the one "
                    "made at completion."
                ),
                NOTE,
            )
        )
        story.append(Spacer(1, 3))
        if visit.checked_again:
            story.append(_findings_table(visit.checked_again, changes=True))
    return story


def _authorisation_section(child: ReportChild, visit: ReportVisit) -> list[Flowable]:
    rows: list[tuple[str, str, str | None]] = [
        (
            child.field_numbers.get("completed", ""),
            catalogue.field("completed").question,
            _record_completed(visit),
        ),
        ("", "Completed on", t.date_time(visit.completed_at)),
    ]
    decision = visit.authorisation
    if decision is None:
        waiting = "Awaiting authorisation" if visit.state == "completed" else "No decision recorded"
        rows.append(("", "Manager's decision", waiting))
    else:
        rows += [
            ("", "Manager's decision", t.label(t.DECISION_LABELS, decision.state)),
            ("", "Decided by", t.clean(decision.by) or t.NOT_RECORDED),
            ("", "Decided on", t.date_time(decision.at)),
            ("", "Manager's comment", decision.comment),
        ]
    return [*_section("Completion and authorisation"), _table(child, rows)]


def _addenda_section(visit: ReportVisit) -> list[Flowable]:
    story: list[Flowable] = _section("Addenda: dated corrections and additions")
    if not visit.addenda:
        story.append(Paragraph("None.", BODY))
        return story
    ordered = sorted(
        visit.addenda,
        key=lambda a: (a.at is None, a.at and t.local_time(a.at).replace(tzinfo=None)),
    )
    for number, addendum in enumerate(ordered, start=1):
        author = t.clean(addendum.author) or t.NOT_RECORDED
        story += _heading(f"Addendum {number}: {t.date_time(addendum.at)}, by {author}")
        story += _body(addendum.text)
    return story


def _details_section(visit: ReportVisit, marking: str, generated: str) -> list[Flowable]:
    rows: list[tuple[str, str | None]] = [
        ("Record", t.clean(visit.id) or t.NOT_RECORDED),
        ("Revision", str(visit.revision)),
        ("Record state", t.label(t.STATE_LABELS, visit.state)),
        ("Content hash", t.clean(visit.content_hash) or t.NOT_RECORDED),
        ("Printed", generated.removeprefix("Printed ")),
    ]
    if marking:
        rows.append(("Protective marking", marking))
    return [
        KeepTogether([*_section("About this record"), _label_table(rows)]),
        Paragraph("End of record", END),
    ]


def _title_block(child: ReportChild, visit: ReportVisit) -> list[Flowable]:
    name = t.markup(child.full_name) or t.NOT_RECORDED
    plan = t.label(t.PLAN_LABELS, child.plan_type)
    plan = "Plan not recorded" if plan == t.NOT_RECORDED else f"{plan} plan"
    when = t.date_time(visit.visited_at, weekday=True)
    block: list[Flowable] = [
        Paragraph("Visit record", TITLE),
        Paragraph(f"<b>{name}</b>  ·  {t.markup(plan)}", SUBTITLE),
        Paragraph(f"Visit on {t.markup(when)}", SUBTITLE),
        Paragraph(
            f"Record state: {t.markup(t.label(t.STATE_LABELS, visit.state))}",
            ParagraphStyle(
                "stateline",
                STATE_LINE,
                textColor=layout.DRAFT_RED if visit.is_draft else layout.INK,
            ),
        ),
    ]
    if visit.outcome == "cancelled":
        block.append(
            Paragraph("The visit did not take place: the worker could not attend.", STATE_LINE)
        )
    elif visit.seen == "no" or visit.outcome == "failed":
        # A visit where the child was not seen is a failed visit; say so before anything else.
        block.append(Paragraph("The child was not seen at this visit.", STATE_LINE))
    block.append(Spacer(1, 2))
    return block


def _visit_story(
    child: ReportChild, visit: ReportVisit, marking: str, generated: str
) -> list[Flowable]:
    shown = _shown(visit)
    story = _title_block(child, visit)
    story += _child_section(child, visit)
    story += _visit_section(child, visit, shown)
    story += _statutory_section(child, visit, shown)
    story += _narrative_section(child, visit, shown)
    story += _standards_section(visit)
    story += _authorisation_section(child, visit)
    story += _addenda_section(visit)
    story += _details_section(visit, marking, generated)
    return story


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
                    f'<font color="#B3261E"><b>{state}</b></font>' if visit.is_draft else state,
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
) -> bytes:
    """Several records of one child in date order, behind a contents page, as PDF bytes.

    Each record starts on a new page and keeps its own marking, draft mark and footer; the
    contents lists each record's date, place, state and first page, and links to it.
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
        contents_title="Contents",
        contents_footer=f"Contents of {_count(len(ordered))}",
    )
    buffer = io.BytesIO()
    doc = _document(buffer, "Visit records", marking, furniture, "record")
    story = _contents_story(child, ordered, heading, generated, furniture)
    for index, visit in enumerate(ordered):
        template = "draft" if visit.is_draft else "record"
        story.append(layout.StartRecord(furniture, index, template))
        story += _visit_story(child, visit, marking, generated)
    doc.build(story, canvasmaker=partial(layout.DeferredCanvas, furniture=furniture))
    return buffer.getvalue()
