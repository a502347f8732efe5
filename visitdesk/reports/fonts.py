"""The embedded Unicode font family used by every record, registered once per process.

Names such as "Nguyễn", "Łucja" or "Siân" need a TrueType font embedded in the PDF; the
built-in PDF fonts cover Latin-1 only. Loading the font files costs tens of milliseconds, so it
happens on first use and is cached for the life of the process.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from visitdesk import paths
from visitdesk.errors import UserError

REGULAR = "VisitDeskSans"
BOLD = "VisitDeskSans-Bold"
ITALIC = "VisitDeskSans-Oblique"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
}


class _Font(TTFont):
    """A TrueType font that remembers the widths it has measured.

    Line breaking measures the same words again and again (every record says "the", "child"
    and "mother"); remembering them roughly halves the time spent laying out long text.
    """

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._measure = functools.lru_cache(maxsize=200_000)(super().stringWidth)

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:  # noqa: N802
        return self._measure(text, size, encoding)


_lock = threading.Lock()
_registered = False
_missing: re.Pattern[str] | None = None


def register_fonts() -> None:
    """Register the font family with reportlab, once; later calls return at once."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        folder = paths.resources_dir() / "fonts"
        for name, filename in _FILES.items():
            try:
                pdfmetrics.registerFont(_Font(name, str(folder / filename)))
            except (OSError, TTFError) as exc:
                raise UserError(
                    f"The PDF font {filename} is missing or damaged; reinstall VisitDesk."
                ) from exc
        # Paragraph markup (<b>, <i>) picks the face through these mappings. There is no
        # bold-italic face: the record never uses it, so bold stands in.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, ITALIC)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True


def missing_glyphs() -> re.Pattern[str]:
    """A pattern matching any character the family cannot print and copy faithfully.

    That is a character absent from any of the three faces; anything beyond the Basic
    Multilingual Plane (emoji), which reportlab writes into the PDF's text map in a form that
    viewers cannot read back, so it would vanish when the text is copied or searched; and
    right-to-left letters, which would print in reverse order without a shaping engine.
    """
    global _missing
    if _missing is not None:
        return _missing
    register_fonts()
    covered = None
    for name in _FILES:
        codes = set(pdfmetrics.getFont(name).face.charToGlyph)
        covered = codes if covered is None else covered & codes
    assert covered is not None
    covered |= {ord("\n")}
    ranges: list[str] = []
    points = sorted(
        code
        for code in covered
        if code <= 0xFFFF and unicodedata.bidirectional(chr(code)) not in ("R", "AL")
    )
    start = previous = points[0]
    for code in points[1:] + [-1]:
        if code == previous + 1:
            previous = code
            continue
        ranges.append(_range(start, previous))
        start = previous = code
    _missing = re.compile(f"[^{''.join(ranges)}]")
    return _missing


def _range(first: int, last: int) -> str:
    if first == last:
        return re.escape(chr(first))
    return f"{re.escape(chr(first))}-{re.escape(chr(last))}"
