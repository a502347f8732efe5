"""The paragraph and table styles of a printed visit record, and the small builders (cells,
tables of labelled answers, headings, paragraphs of the worker's words) its sections use.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from visitdesk.reports import fonts, layout
from visitdesk.reports import text as t
from visitdesk.reports.layout import CONTENT_WIDTH

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
