"""The child's chronology as the child's printed records show it, before the records: a table
of dates, events and sources. Also the significant event a record marks, printed in the
record itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from visitdesk.reports import fonts, layout
from visitdesk.reports import text as t
from visitdesk.reports.blocks import (
    BODY,
    CELL_HEAD,
    CELL_SMALL,
    NOTE,
    _section,
)
from visitdesk.reports.layout import CONTENT_WIDTH

TITLE = "Chronology"
NONE_RECORDED = "No significant events or plan changes recorded."
NOTE_TEXT = (
    "Every significant event marked in a completed visit record, and every change of plan, "
    "in date order. Drafts are not included."
)
EVENT_FIELD = "significant_event"

# A plan change reads as a milestone among the events: set in bold.
_CELL_PLAN = ParagraphStyle("cellplan", CELL_SMALL, fontName=fonts.BOLD)
COLUMN_WIDTHS = (24 * mm, CONTENT_WIDTH - 24 * mm - 52 * mm, 52 * mm)
_PADDING = 4  # each side of a cell
# An event longer than this many printed lines goes on in rows of its own below it, with no
# rule between them, so a table row is never taller than a page and never has to be cut
# in two (which reportlab does by repeating the column headings above the cut part, on the
# same page).
ROW_LINES = 8
_STYLE = [
    ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8.5),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LINEBELOW", (0, 0), (-1, 0), 0.8, layout.INK),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F3F5F7")),
    ("LEFTPADDING", (0, 0), (-1, -1), _PADDING),
    ("RIGHTPADDING", (0, 0), (-1, -1), _PADDING),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
]


@dataclass(frozen=True)
class ReportChronologyEntry:
    """One line of the chronology: ``kind`` is "event", "plan_started" or "plan_ended"."""

    day: date
    kind: str
    text: str
    source: str
    recorded_by: str = ""


def _source(entry: ReportChronologyEntry) -> str:
    source = t.markup(entry.source) or t.NOT_RECORDED
    by = t.markup(entry.recorded_by)
    if by:
        source += f'<br/><font color="#555555">by {by}</font>'
    return source


def _event_parts(entry: ReportChronologyEntry) -> list[Flowable]:
    """The event's words wrapped to its column: one paragraph, or for a long event one of
    ROW_LINES lines at a time, each line where the whole paragraph would have set it."""
    text = t.clean(entry.text) or t.NOT_RECORDED
    style = CELL_SMALL if entry.kind == "event" else _CELL_PLAN
    lines = layout.break_lines(text, style, COLUMN_WIDTHS[1] - 2 * _PADDING)
    if len(lines) <= ROW_LINES:
        return [layout.flow_text(text, style)]
    return [
        Paragraph(
            "<br/>".join(t.escaped(" ".join(words)) for _room, words in lines[at : at + ROW_LINES]),
            style,
        )
        for at in range(0, len(lines), ROW_LINES)
    ]


def chronology_section(entries: Sequence[ReportChronologyEntry]) -> list[Flowable]:
    """The "Chronology" section: the entries in the order given, or a line saying there are
    none."""
    story: list[Flowable] = _section(TITLE)
    if not entries:
        story.append(Paragraph(NONE_RECORDED, BODY))
        return story
    story += [Paragraph(t.markup(NOTE_TEXT), NOTE), Spacer(1, 3)]
    data: list[list[Flowable | str]] = [
        [Paragraph(h, CELL_HEAD) for h in ("Date", "Event", "Source")],
    ]
    commands = list(_STYLE)
    for entry in entries:
        first = len(data)
        parts = _event_parts(entry)
        data.append(
            [
                Paragraph(t.short_date(entry.day), CELL_SMALL),
                parts[0],
                Paragraph(_source(entry), CELL_SMALL),
            ]
        )
        data += [["", part, ""] for part in parts[1:]]
        last = len(data) - 1
        if last > first:
            # One entry over several rows reads as one: no space or rule between them.
            commands.append(("BOTTOMPADDING", (0, first), (-1, last - 1), 0))
            commands.append(("TOPPADDING", (0, first + 1), (-1, last), 0))
        commands.append(("LINEBELOW", (0, last), (-1, last), 0.25, layout.RULE))
    story.append(
        Table(
            data, colWidths=COLUMN_WIDTHS, style=TableStyle(commands), repeatRows=1, hAlign="LEFT"
        )
    )
    return story
