"""Page furniture for the printed record: marking, running header, draft mark and footer.

Everything that needs the total page count ("Page 2 of 5", the contents page numbers) is drawn
when the document is saved, by a canvas that holds each finished page back until the end. This
keeps rendering to a single layout pass. A very long typed paragraph is laid out by
``LongText``, so that a record prints in time proportional to its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import ActionFlowable, Flowable, Paragraph

from visitdesk.reports import fonts
from visitdesk.reports import text as t

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


# -- long text ---------------------------------------------------------------------------------

# reportlab lays a Paragraph out in time that grows with the square of its length: it breaks
# lines by taking words off the front of a list one at a time, and on each page a paragraph runs
# onto it breaks all that is left into lines again. One paragraph of 1 MB took minutes to print.
# A paragraph longer than LONG_PARAGRAPH characters is therefore laid out by LongText, which
# breaks it into lines once and moves from page to page by counting lines. It prints the same
# lines in the same places as a Paragraph would, save one thing: a Paragraph split at a typed
# line break starts the next page with an empty line, and LongText does not. Paragraphs of
# ordinary length are untouched.
LONG_PARAGRAPH = 8_000
# A typed line that needs reportlab's own line breaking (a word wider than the page, a soft
# hyphen) is given to it this many characters at a time.
WINDOW = 4_000

_SOFT_HYPHEN = "\xad"
_TALL = 1e9  # room to lay a window out at full length, only to see where its lines end

# reportlab's word separators: white space other than the no-break space, which joins words.
_WHITE_SPACE = re.compile(r"[^\S\xa0]+")

Line = tuple[float, list[str]]  # as reportlab keeps a line: room left over, then its words


def flow_text(text: str, style: ParagraphStyle) -> Flowable:
    """One typed paragraph (plain text, already cleaned) as a flowable in ``style``.

    Text of ordinary length is a ``Paragraph``; longer text a ``LongText``, which looks the same.
    """
    if len(text) <= LONG_PARAGRAPH or not LongText.can_set(style):
        return Paragraph(t.escaped(text), style)
    return LongText(text, style)


class LongText(Flowable):
    """A long paragraph of plain text, set line for line as reportlab's ``Paragraph`` sets it.

    The text is broken into lines once, for the width it is given; splitting at the foot of a
    page then only counts lines, and both halves share them. Single line breaks are kept, as in
    a ``Paragraph`` with ``<br/>``; the rule that a paragraph does not start with one line
    alone at the foot of a page is kept too. Only left-aligned text without indents or bullets
    is set this way (see ``can_set``).
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self._lines: list[Line] = []
        self._set_for: float | None = None
        self._whole = True
        self._start = 0
        self._stop = 0

    @staticmethod
    def can_set(style: ParagraphStyle) -> bool:
        return (
            style.alignment == TA_LEFT
            and not style.firstLineIndent
            and not style.leftIndent
            and not style.rightIndent
            and not style.wordWrap
            and not style.endDots
            and not getattr(style, "bulletText", None)
            and not getattr(style, "hyphenationLang", "")
            and not getattr(style, "embeddedHyphenation", 0)
            and not getattr(style, "uriWasteReduce", 0)
            and not getattr(style, "autoLeading", "")
            and not getattr(style, "shaping", 0)
            and not style.backColor
            and not style.borderWidth
        )

    def _part(self, start: int, stop: int) -> LongText:
        part = LongText(self.text, self.style)
        part._lines, part._set_for, part._whole = self._lines, self._set_for, False
        part._start, part._stop = start, stop
        return part

    def _set(self, width: float) -> None:
        # The whole text is set anew for a new width. A part of it keeps the lines it was set
        # with, as a split Paragraph does: every frame and cell it meets is one width.
        if self._set_for is None or (self._whole and abs(self._set_for - width) > 1e-6):
            self._lines = break_lines(self.text, self.style, width)
            self._set_for = width
            self._start, self._stop = 0, len(self._lines)

    def wrap(self, avail_width: float, _avail_height: float) -> tuple[float, float]:
        self._set(avail_width)
        self.width = avail_width
        self.height = (self._stop - self._start) * self.style.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        # reportlab's Paragraph.split, by line count, with the lines of the last wrap.
        if self._set_for is None:
            self._set(avail_width)
        style = self.style
        fits = int(avail_height / float(style.leading))
        if (not style.allowOrphans and fits <= 1) or fits <= 0:
            return []
        count = self._stop - self._start
        if count <= fits:
            return [self]
        if not style.allowWidows and count == fits + 1:
            if (style.allowOrphans and count == 3) or count > 3:
                fits -= 1
            else:
                return []
        middle = self._start + fits
        return [self._part(self._start, middle), self._part(middle, self._stop)]

    def draw(self) -> None:
        # As reportlab's Paragraph draws a plain left-aligned paragraph: one text object, the
        # first baseline one font size (or the font's ascent) below the top, each line ending
        # with a line feed.
        style = self.style
        canv = self.canv
        if rl_config.paraFontSizeHeightOffset:
            drop = style.fontSize
        else:
            drop = pdfmetrics.getAscentDescent(style.fontName, style.fontSize)[0]
        canv.saveState()
        canv.setFillColor(style.textColor)
        text = canv.beginText(0, self.height - drop)
        text.setFont(style.fontName, style.fontSize, style.leading)
        for room, words in self._lines[self._start : self._stop]:
            line = " ".join(words)
            spaces = len(words) + line.count("\xa0") - 1
            if room < -1e-8 and spaces > 0:
                # Squeezed onto the line (reportlab lets spaces shrink a little): narrower spaces.
                text.setWordSpace(room / spaces)
                text.textLine(line)
                text.setWordSpace(0)
            else:
                text.textLine(line)
        canv.drawText(text)
        canv.restoreState()


def _split_words(line: str) -> list[str]:
    return [word for word in _WHITE_SPACE.split(line) if word]


def break_lines(text: str, style: ParagraphStyle, width: float) -> list[Line]:
    """``text`` broken into lines ``width`` points wide exactly as reportlab breaks a paragraph.

    Each typed line starts a new line. Within one, a line takes words while they fit, allowing
    reportlab's small squeeze of the spaces; the first word that does not fit starts the next
    line. A typed line with a word wider than a whole line, or with a soft hyphen, is broken by
    reportlab itself, a window at a time.
    """
    font = pdfmetrics.getFont(style.fontName)
    size = style.fontSize
    space = font.stringWidth(" ", size)
    squeeze = style.spaceShrinkage * space
    measured: dict[str, float] = {}
    lines: list[Line] = []
    for typed in text.split("\n"):
        words = _split_words(typed)
        if not words:
            lines.append((width, []))
            continue
        widths = []
        for word in words:
            word_width = measured.get(word)
            if word_width is None:
                word_width = measured[word] = font.stringWidth(word, size)
            widths.append(word_width)
        if _SOFT_HYPHEN in typed or max(widths) > width:
            lines += _reportlab_lines(" ".join(words), style, width)
            continue
        current = -space
        line: list[str] = []
        for word, word_width in zip(words, widths, strict=True):
            # The same sums, in the same order, as reportlab's, so a word on the edge goes
            # the same way.
            new_width = current + space + word_width
            if new_width <= width + squeeze * len(line) or not line:
                line.append(word)
                current = new_width
            else:
                lines.append((width - current, line))
                line = [word]
                current = word_width
        lines.append((width - current, line))
    return lines


def _reportlab_lines(line: str, style: ParagraphStyle, width: float) -> list[Line]:
    """One typed line broken by reportlab's ``Paragraph``, ``WINDOW`` characters at a time.

    Line breaking is greedy: a printed line holds the words up to the first that does not fit.
    So the lines reportlab makes of a window are the lines it makes of the whole, save perhaps
    the last, which the window may have cut short; that one is set again with the next window.
    """
    lines: list[Line] = []
    start = 0
    while start < len(line):
        window = line[start : start + WINDOW]
        last = start + len(window) >= len(line)
        if not last:
            # End the window between words, so no word is measured cut in two (unless one
            # word fills most of it: a word that long is split across lines anyway).
            space = window.rfind(" ")
            if space > len(window) // 2:
                window = window[:space]
        probe = _probe(window, style, width)
        if last:
            return lines + probe
        kept, end = _known_lines(window, probe)
        if not kept or end <= 0:
            # reportlab did not say where its lines end. Take the window as it is: every
            # word still prints, in order; at worst one line ends early.
            kept, end = probe, len(window)
        lines += kept
        start += end
        while start < len(line) and line[start] == " ":
            start += 1
    return lines


def _probe(window: str, style: ParagraphStyle, width: float) -> list[Line]:
    paragraph = Paragraph(t.escaped(window), style)
    paragraph.wrap(width, _TALL)
    broken = paragraph.blPara
    if broken.kind == 0:  # one run of text: each line is (room, words)
        return [(room, list(words)) for room, words in broken.lines]
    # Characters written as entities (& < >) make several runs of the same font: each line is
    # a FragLine whose runs, put together, are its text.
    return [
        (line.extraSpace, _split_words("".join(run.text for run in line.words)))
        for line in broken.lines
    ]


def _known_lines(window: str, probe: list[Line]) -> tuple[list[Line], int]:
    """The lines of ``probe`` before its last, up to the first that is not a run of ``window``,
    and where in ``window`` they end (past any soft hyphen there)."""
    # reportlab drops soft hyphens from the words it keeps, and ends a word broken at one
    # with "-": match the words against the text without them.
    plain = window.replace(_SOFT_HYPHEN, "")
    if len(plain) == len(window):
        at: list[int] | range = range(len(window) + 1)
    else:
        at = [index for index, char in enumerate(window) if char != _SOFT_HYPHEN]
        at.append(len(window))
    kept: list[Line] = []
    end = position = 0
    for line in probe[:-1]:
        for word in line[1]:
            found = plain.find(word, position) if word else -1
            if found < 0 and len(word) > 1 and word.endswith("-"):
                word = word[:-1]
                found = plain.find(word, position)
            if found < 0 or plain[position:found].strip():
                # A word that is not a run of the text: the lines before this one are still
                # known to be right.
                return kept, at[end]
            position = found + len(word)
        kept.append(line)
        end = position
    return kept, at[end]
