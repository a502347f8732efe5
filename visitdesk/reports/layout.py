"""Page furniture for the printed record: marking, running header, draft mark and footer.

Everything that needs the total page count ("Page 2 of 5", the contents page numbers) is drawn
when the document is saved, by a canvas that holds each finished page back until the end. This
keeps rendering to a single layout pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import ActionFlowable, Flowable

from visitdesk.reports import fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT_MARGIN = RIGHT_MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN
# Markings sit 10 mm in from the paper's edge, clear of what office printers cannot reach.
TOP_MARKING_Y = PAGE_HEIGHT - 10 * mm
BOTTOM_MARKING_Y = 8.5 * mm
HEADER_Y = PAGE_HEIGHT - 15.5 * mm
HEADER_RULE_Y = PAGE_HEIGHT - 18 * mm
DRAFT_BANNER_TOP = PAGE_HEIGHT - 20 * mm
DRAFT_BANNER_HEIGHT = 8 * mm
FRAME_TOP = PAGE_HEIGHT - 21.5 * mm
DRAFT_FRAME_TOP = DRAFT_BANNER_TOP - DRAFT_BANNER_HEIGHT - 2.5 * mm
FOOTER_RULE_Y = 22 * mm
FOOTER_LINE_1_Y = 18 * mm
FOOTER_LINE_2_Y = 14.5 * mm
FRAME_BOTTOM = 25 * mm

DRAFT_TEXT = "DRAFT — not a completed record"

INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9A9A9A")
DRAFT_RED = colors.HexColor("#B3261E")
DRAFT_FILL = colors.HexColor("#FCE8E6")


@dataclass(frozen=True)
class PageRecord:
    """What the furniture prints on the pages of one visit record."""

    key: str
    header_right: str
    footer_left: str
    outline_title: str
    is_draft: bool


@dataclass
class Furniture:
    """Shared state between the layout pass and the deferred canvas of one document."""

    marking: str
    header_left: str
    generated: str
    records: list[PageRecord]
    batch: bool
    contents_title: str = "Contents"
    contents_footer: str = "Contents"
    current: int | None = None
    page_record: dict[int, int | None] = field(default_factory=dict)
    contents_slots: list[tuple[int, float, float, float, int]] = field(default_factory=list)

    # -- during layout ------------------------------------------------------------------------

    def on_page(self, canv: Canvas, _doc: object) -> None:
        """Start of a page: remember whose page it is; draw what sits beneath the content."""
        page = canv.getPageNumber()
        self.page_record[page] = self.current
        record = None if self.current is None else self.records[self.current]
        canv.saveState()
        if record is not None and record.is_draft:
            _draw_watermark(canv)
        _draw_marking(canv, self.marking, TOP_MARKING_Y)
        canv.setFont(fonts.BOLD, 8)
        canv.setFillColor(INK)
        canv.drawString(LEFT_MARGIN, HEADER_Y, self.header_left)
        canv.setFont(fonts.REGULAR, 8)
        right = self.contents_title if record is None else record.header_right
        canv.drawRightString(PAGE_WIDTH - RIGHT_MARGIN, HEADER_Y, right)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(LEFT_MARGIN, HEADER_RULE_Y, PAGE_WIDTH - RIGHT_MARGIN, HEADER_RULE_Y)
        if record is not None and record.is_draft:
            _draw_draft_banner(canv)
        canv.restoreState()

    # -- when the document is saved -----------------------------------------------------------

    def finish_page(self, canv: Canvas, total: int) -> None:
        """End of the document: page numbers, contents page numbers, links and bookmarks."""
        page = canv.getPageNumber()
        index = self.page_record.get(page)
        record = None if index is None else self.records[index]
        first_of_record = index is not None and self.page_record.get(page - 1) != index
        if self.batch and first_of_record and record is not None:
            canv.bookmarkPage(record.key, fit="XYZ", top=PAGE_HEIGHT)
            canv.addOutlineEntry(record.outline_title, record.key, level=0)
        elif self.batch and page == 1:
            canv.bookmarkPage("contents", fit="XYZ", top=PAGE_HEIGHT)
            canv.addOutlineEntry(self.contents_title, "contents", level=0)

        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(LEFT_MARGIN, FOOTER_RULE_Y, PAGE_WIDTH - RIGHT_MARGIN, FOOTER_RULE_Y)
        canv.setFillColor(MUTED)
        canv.setFont(fonts.REGULAR, 7.5)
        left = record.footer_left if record is not None else self.contents_footer
        canv.drawString(LEFT_MARGIN, FOOTER_LINE_1_Y, left)
        canv.drawString(LEFT_MARGIN, FOOTER_LINE_2_Y, self.generated)
        canv.setFillColor(INK)
        canv.setFont(fonts.BOLD, 8.5)
        canv.drawRightString(PAGE_WIDTH - RIGHT_MARGIN, FOOTER_LINE_1_Y, f"Page {page} of {total}")
        if self.batch and index is not None:
            pages = [p for p, i in self.page_record.items() if i == index]
            canv.setFont(fonts.REGULAR, 7.5)
            canv.setFillColor(MUTED)
            canv.drawRightString(
                PAGE_WIDTH - RIGHT_MARGIN,
                FOOTER_LINE_2_Y,
                f"Record page {page - min(pages) + 1} of {len(pages)}",
            )
        _draw_marking(canv, self.marking, BOTTOM_MARKING_Y)
        self._draw_contents_numbers(canv, page)
        canv.restoreState()

    def record_start_page(self, index: int) -> int | None:
        pages = [p for p, i in self.page_record.items() if i == index]
        return min(pages) if pages else None

    def _draw_contents_numbers(self, canv: Canvas, page: int) -> None:
        slots = [slot for slot in self.contents_slots if slot[0] == page]
        if not slots:
            return
        starts = {index: self.record_start_page(index) for index in range(len(self.records))}
        canv.setFillColor(INK)
        canv.setFont(fonts.REGULAR, 8.5)
        for _page, x, y, width, index in slots:
            start = starts.get(index)
            if start is None:
                continue
            # Same baseline as the paragraphs beside it: their first line sits one font size down.
            baseline = y + PageNumberSlot.line_height - 8.5
            canv.drawRightString(x + width, baseline, str(start))
            canv.linkAbsolute(
                "",
                self.records[index].key,
                Rect=(
                    LEFT_MARGIN,
                    y - 3,
                    PAGE_WIDTH - RIGHT_MARGIN,
                    y + PageNumberSlot.line_height + 3,
                ),
                Border="[0 0 0]",
            )


def _draw_marking(canv: Canvas, marking: str, y: float) -> None:
    if not marking:
        return
    canv.setFillColor(INK)
    canv.setFont(fonts.BOLD, 9.5)
    canv.drawCentredString(PAGE_WIDTH / 2, y, marking)


def _draw_watermark(canv: Canvas) -> None:
    canv.saveState()
    canv.setFillColor(DRAFT_RED)
    canv.setFillAlpha(0.10)
    canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canv.rotate(54)
    canv.setFont(fonts.BOLD, 150)
    canv.drawCentredString(0, -50, "DRAFT")
    canv.restoreState()


def _draw_draft_banner(canv: Canvas) -> None:
    canv.saveState()
    canv.setFillColor(DRAFT_FILL)
    canv.setStrokeColor(DRAFT_RED)
    canv.setLineWidth(1.2)
    canv.rect(
        LEFT_MARGIN,
        DRAFT_BANNER_TOP - DRAFT_BANNER_HEIGHT,
        PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN,
        DRAFT_BANNER_HEIGHT,
        stroke=1,
        fill=1,
    )
    canv.setFillColor(DRAFT_RED)
    canv.setFont(fonts.BOLD, 11.5)
    canv.drawCentredString(
        PAGE_WIDTH / 2, DRAFT_BANNER_TOP - DRAFT_BANNER_HEIGHT + 2.6 * mm, DRAFT_TEXT
    )
    canv.restoreState()


class DeferredCanvas(Canvas):
    """A canvas that keeps every page open until ``save`` so totals can be printed on it."""

    def __init__(self, *args: object, furniture: Furniture, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._held_pages: list[dict[str, object]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        if self._code:
            self.showPage()
        total = len(self._held_pages)
        for state in self._held_pages:
            # Annotations (the contents links) are numbered across the whole document, so the
            # running count must survive putting each page's own state back.
            annotations = self._annotationCount
            self.__dict__.update(state)
            self._annotationCount = max(annotations, self._annotationCount)
            self._furniture.finish_page(self, total)
            Canvas.showPage(self)
        Canvas.save(self)


class StartRecord(ActionFlowable):
    """Begin visit record ``index`` on a fresh page drawn with template ``template``."""

    def __init__(self, furniture: Furniture, index: int, template: str) -> None:
        super().__init__()
        self._furniture = furniture
        self._index = index
        self._template = template

    def apply(self, doc: object) -> None:
        self._furniture.current = self._index
        doc.handle_nextPageTemplate(self._template)  # type: ignore[attr-defined]
        doc.handle_pageBreak()  # type: ignore[attr-defined]


class PageNumberSlot(Flowable):
    """An empty cell in the contents table where the record's first page number goes."""

    def __init__(self, furniture: Furniture, index: int) -> None:
        super().__init__()
        self._furniture = furniture
        self._index = index
        self._width = 0.0

    line_height = 11.0  # one line of the contents table's text

    def wrap(self, avail_width: float, _avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        return avail_width, self.line_height

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        page = self.canv.getPageNumber()
        self._furniture.contents_slots.append((page, x, y, self._width, self._index))
