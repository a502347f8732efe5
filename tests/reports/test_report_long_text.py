"""Very long narratives print whole, in order, and looking as ordinary paragraphs do.

A record may carry up to 1 MB in a field. Such text is set by ``layout.LongText`` rather than
reportlab's ``Paragraph`` (whose time grows with the square of the length); these tests read the
text back from the PDF and compare the lines with what reportlab itself would make. How fast it
is goes in ``bench/bench_pdf.py``, not here.
"""

from __future__ import annotations

import io
import random
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from visitdesk.reports import fonts, layout, render, render_visit, render_visits
from visitdesk.reports import text as t
from visitdesk.standards import fields as catalogue

SENTENCES = [
    "Zoë showed me her bedroom; it was clean, warm and she had made her bed herself.",
    "Mum said the morning routine is easier since the family support worker started.",
    "Łucja from school said attendance is 94% this half term, up from 81% last term.",
    "Siân (maternal grandmother) arrived at 10:20 & joined us; she was <calm> and kind.",
    "Nguyễn family friend was present for part of the visit.",
    "Dad has not been in contact this month; Zoë said she misses him sometimes.",
    "We agreed that the next core group should look again at support in the holidays.",
]
SHORT_LINES = ["Mum present", "Zoë seen alone", "bedroom seen", "cat", "no concerns today"]


def _text(size: int, joiner: str, pieces: list[str], seed: int = 1) -> str:
    """About ``size`` characters of ``pieces`` joined by ``joiner``, each sentence numbered.

    The numbers make every stretch of text unique, so a line lost or printed twice shows.
    """
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        part = f"{len(parts)}: {rng.choice(pieces)}"
        parts.append(part)
        length += len(part) + len(joiner)
    return joiner.join(parts)


def _read(data: bytes) -> tuple[list[str], str]:
    """Each page's text, and all that is printed inside the frames (no marking, header, footer)."""
    pages: list[str] = []
    frame: list[str] = []

    def keep(text, cm, tm, _font, _size):
        if layout.FRAME_BOTTOM <= tm[5] + cm[5] <= layout.FRAME_TOP:
            frame.append(text)

    for page in PdfReader(io.BytesIO(data)).pages:
        pages.append(page.extract_text(visitor_text=keep))
    return pages, "".join(frame)


def _between(text: str, start: str, end: str) -> list[str]:
    """The words printed after the heading ``start`` and before ``end``."""
    text = " ".join(text.split())
    return text[text.index(start) + len(start) : text.index(end)].split()


def _body_lines(data: bytes, page_number: int) -> list[tuple[float, str]]:
    """(baseline, text) of each line in the frame on one page, top first."""
    page = PdfReader(io.BytesIO(data)).pages[page_number - 1]
    lines: list[tuple[float, str]] = []

    def keep(text, cm, tm, _font, _size):
        y = round(tm[5] + cm[5], 2)
        if text.strip() and layout.FRAME_BOTTOM <= y <= layout.FRAME_TOP:
            lines.append((y, text.strip()))

    page.extract_text(visitor_text=keep)
    return sorted(lines, key=lambda line: -line[0])


def _glyph_runs(data: bytes) -> list[list[tuple[float, float, str]]]:
    """Every run of text on every page with where it is drawn."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        runs: list[tuple[float, float, str]] = []

        def keep(text, cm, tm, _font, _size, runs=runs):
            if text.strip():
                runs.append((round(tm[4] + cm[4], 2), round(tm[5] + cm[5], 2), text.strip()))

        page.extract_text(visitor_text=keep)
        pages.append(sorted(runs))
    return pages


FINDINGS = "Findings and outcome (1.1.3)"
ANALYSIS = "Analysis (1.1.3)"


@pytest.fixture(autouse=True)
def _fonts() -> None:
    fonts.register_fonts()  # rendering does this; the tests that only lay text out need it too


# -- every word, in order --------------------------------------------------------------------


def test_300_kb_in_one_paragraph_prints_every_word_in_order(child, visit):
    findings = _text(300_000, " ", SENTENCES)
    pages, frame = _read(render_visit(child, replace(visit, findings=findings)))

    assert _between(frame, FINDINGS, ANALYSIS) == findings.split()
    assert len(pages) > 50
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Zoë Nguyễn Łucja Ó Briain  ·  CF-102938" in page
        assert page.splitlines()[0] == page.splitlines()[-1] == "OFFICIAL-SENSITIVE"
    assert "End of record" in pages[-1]


def test_300_kb_of_short_lines_prints_every_line_in_order(child, visit):
    findings = _text(300_000, "\n", SHORT_LINES)
    _pages, frame = _read(render_visit(child, replace(visit, findings=findings)))

    assert _between(frame, FINDINGS, ANALYSIS) == findings.split()
    # Each typed line is a printed line of its own.
    printed = re.findall(r"^(\d+): ", frame, flags=re.MULTILINE)
    assert printed == [str(n) for n in range(len(findings.splitlines()))]


def test_long_narrative_in_every_field_prints_whole(child, visit):
    fields = list(render.NARRATIVE)
    long_visit = replace(
        visit,
        **{
            name: _text(40_000, joiner, SENTENCES, seed=n)
            for n, (name, joiner) in enumerate(
                zip(fields, [" ", "\n", "\n\n", " ", "\n", " ", "\n\n"], strict=True)
            )
        },
    )
    _pages, frame = _read(render_visit(child, long_visit))

    numbers = child.field_numbers
    headings = [
        f"{catalogue.field(n).question} ({numbers[n]})"
        if n in numbers
        else catalogue.field(n).question
        for n in fields
    ]
    for name, start, end in zip(fields, headings, [*headings[1:], "Standards check"], strict=True):
        assert _between(frame, start, end) == getattr(long_visit, name).split(), name


def test_a_word_wider_than_the_page_and_soft_hyphens_print_whole(child, visit):
    # reportlab splits a word too wide for a line over several lines and may break a word at
    # a soft hyphen; those lines are still its own, so nothing is lost or doubled.
    rng = random.Random(3)
    parts = []
    for number in range(1_500):
        choice = rng.random()
        if choice < 0.02:
            parts.append(f"{number}:" + "x" * rng.randint(150, 6_000))
        elif choice < 0.1:
            parts.append(f"{number}: extra\xadordinary, un\xadbreak\xadable")
        else:
            parts.append(f"{number}: {rng.choice(SENTENCES)}")
    findings = " ".join(parts)
    _pages, frame = _read(render_visit(child, replace(visit, findings=findings)))

    printed = "".join(_between(frame, FINDINGS, ANALYSIS))
    # A split word prints on two lines (with a hyphen where it broke at a soft hyphen).
    expected = "".join(findings.split()).replace("\xad", "")
    assert printed.replace("-", "").replace("\xad", "") == expected.replace("-", "")


def test_a_huge_value_in_a_table_cell_prints_whole(child, visit):
    present = _text(200_000, "\n", SHORT_LINES)
    pages, frame = _read(render_visit(child, replace(visit, present=present)))

    assert _between(frame, "Who was present", "What the home was like") == present.split()
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_a_long_draft_is_marked_on_every_page(child, draft, read_pages):
    pages = read_pages(render_visit(child, replace(draft, findings=_text(100_000, " ", SENTENCES))))

    assert len(pages) > 15
    assert all("DRAFT — not a completed record" in page for page in pages)


def test_a_long_record_in_a_batch_keeps_its_page_numbers(child, visit, read_pages):
    long_one = replace(visit, id="v-long", findings=_text(100_000, "\n", SENTENCES))
    short_one = replace(visit, id="v-short", visited_at=visit.visited_at.replace(month=10))
    data = render_visits(child, [short_one, long_one])
    pages = read_pages(data)

    starts = [number for number, page in enumerate(pages, start=1) if "Visit record\n" in page]
    listed = [int(n) for n in pages[0].split("OFFICIAL-SENSITIVE\n")[-1].split()]
    assert listed == starts
    long_pages = starts[1] - starts[0]
    assert long_pages > 15
    assert f"Record page 1 of {long_pages}" in pages[starts[0] - 1]
    assert f"Record page {long_pages} of {long_pages}" in pages[starts[1] - 2]
    assert re.search(r"Record page 1 of \d+", pages[starts[1] - 1])


# -- the same look as a paragraph ------------------------------------------------------------


def _reportlab_line_words(text: str, style, width: float) -> list[list[str]]:
    """The words on each line when reportlab's own Paragraph breaks ``text``."""
    paragraph = Paragraph(t.escaped(text), style)
    paragraph.wrap(width, 1e9)
    broken = paragraph.blPara
    if broken.kind == 0:
        return [list(words) for _room, words in broken.lines]
    # Several runs of text (for & and <): split their joined text where reportlab does,
    # at white space other than the no-break space.
    return [
        [word for word in re.split(r"[^\S\xa0]+", "".join(run.text for run in line.words)) if word]
        for line in broken.lines
    ]


@pytest.mark.parametrize("seed", range(40))
def test_long_text_breaks_lines_exactly_as_reportlab_does(seed):
    rng = random.Random(seed)
    parts = []
    for _ in range(rng.randint(5, 80)):
        piece = rng.choice(SENTENCES)
        choice = rng.random()
        if choice < 0.05:
            piece = "x" * rng.randint(50, 400)
        elif choice < 0.1:
            piece = "   " + piece + "  two  spaces"
        elif choice < 0.15:
            piece = piece.replace(" ", "\xa0", 2)
        elif choice < 0.2:
            piece = "Nguyễn Łucja Ó Briain Siân " * rng.randint(1, 6)
        elif choice < 0.23:
            piece = "extra\xadordinary " * rng.randint(1, 20)
        parts += [piece, rng.choice([" ", " ", "\n"])]
    text = "".join(parts).strip()

    for style, width in [(render.BODY, layout.CONTENT_WIDTH), (render.CELL, 120.0)]:
        ours = [words for _room, words in layout.break_lines(text, style, width)]
        assert ours == _reportlab_line_words(text, style, width), style.name


def _awkward_text(size: int, seed: int) -> str:
    """Sentences with words wider than a line, soft hyphens, & and <, in one paragraph."""
    rng = random.Random(seed)
    parts: list[str] = []
    while sum(len(part) + 1 for part in parts) < size:
        choice = rng.random()
        if choice < 0.03:
            parts.append("y" * rng.randint(100, 3_000))
        elif choice < 0.15:
            parts.append("extra\xadordinary un\xadbreak\xadable")
        elif choice < 0.2:
            parts.append("a&b <c> d")
        else:
            parts.append(rng.choice(SENTENCES))
    return " ".join(parts)


@pytest.mark.parametrize("awkward", [False, True], ids=["sentences", "awkward words"])
def test_a_long_paragraph_prints_where_reportlab_would_put_it(child, visit, monkeypatch, awkward):
    # Long enough to be set as LongText, short enough for reportlab to lay out quickly.
    findings = _awkward_text(40_000, 4) if awkward else _text(40_000, " ", SENTENCES)
    long_visit = replace(visit, findings=findings, observations=_text(9_000, " ", SENTENCES, 2))
    ours = render_visit(child, long_visit)
    monkeypatch.setattr(layout, "LONG_PARAGRAPH", 10**9)
    theirs = render_visit(child, long_visit)

    assert _glyph_runs(ours) == _glyph_runs(theirs)


def test_pages_of_long_lines_start_at_the_top_with_no_blank_line(child, visit):
    # reportlab's Paragraph, split at a typed line break, begins the next page with an empty
    # line; LongText does not, so every page of a long list starts at the top of the frame.
    findings = _text(60_000, "\n", SHORT_LINES)
    data = render_visit(child, replace(visit, findings=findings))
    reader_pages = len(PdfReader(io.BytesIO(data)).pages)
    top = round(layout.FRAME_TOP - render.BODY.fontSize, 2)

    for number in range(3, reader_pages - 1):
        first_y, first_text = _body_lines(data, number)[0]
        assert first_y == top, (number, first_text)


def test_ordinary_paragraphs_are_left_to_reportlab():
    short = _text(layout.LONG_PARAGRAPH - 100, " ", SENTENCES)

    assert isinstance(layout.flow_text(short, render.BODY), Paragraph)
    assert isinstance(layout.flow_text(short * 2, render.BODY), layout.LongText)


def test_long_text_moves_to_the_next_page_by_whole_lines():
    flowable = layout.flow_text(_text(50_000, "\n", SHORT_LINES), render.BODY)
    width, height = flowable.wrap(layout.CONTENT_WIDTH, 700)
    lines = round(height / render.BODY.leading)

    head, tail = flowable.split(layout.CONTENT_WIDTH, 10.5 * render.BODY.leading)
    assert head.wrap(width, 700)[1] == 10 * render.BODY.leading
    assert tail.wrap(width, 700)[1] == (lines - 10) * render.BODY.leading
    # One line of room is not enough to start a paragraph on.
    assert flowable.split(layout.CONTENT_WIDTH, 1.5 * render.BODY.leading) == []
