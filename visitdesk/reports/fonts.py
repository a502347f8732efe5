"""The embedded Unicode font family used by every record, registered once per process.

A child's name or a worker's words may be in any script a UK caseload has: Latin (Welsh,
Polish, Vietnamese, Somali), Arabic and Urdu, Bengali, Gurmukhi, Gujarati, Tamil, Chinese.
The family ``VisitDeskSans`` prints Latin, Greek and Cyrillic with DejaVu Sans, as before, and
falls back run by run to a bundled Noto face for each other script. Text in those scripts is
shaped with HarfBuzz (letters joined, vowel signs placed, conjuncts formed) and put in visual
order with the Unicode bidirectional algorithm (python-bidi), one printed line at a time, so
Arabic reads right to left inside an English line.

This happens inside the font, where reportlab turns a line of text into PDF operators, so every
paragraph, table cell and page header gets it without knowing. Each drawn glyph is written with
the text it stands for in the PDF's ToUnicode map, so copying or extracting the text gives back
what was typed, in typed order. Loading the font files costs tens of milliseconds, so it happens
on first use and is cached for the life of the process.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFError, TTFont

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


@dataclass(frozen=True)
class Script:
    """A script the family prints with a face of its own, and where its letters are."""

    name: str
    regular: str
    bold: str
    ranges: tuple[tuple[int, int], ...]


# In the order a character that several faces have is looked for. None has italics: the
# oblique family uses the regular faces.
SCRIPTS = (
    Script(
        "Arabic",
        "NotoNaskhArabic-Regular.ttf",
        "NotoNaskhArabic-Bold.ttf",
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    ),
    Script(
        "Bengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf", ((0x0980, 0x09FF),)
    ),  # fmt: skip
    Script(
        "Gurmukhi", "NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf", ((0x0A00, 0x0A7F),)
    ),  # fmt: skip
    Script(
        "Gujarati", "NotoSansGujarati-Regular.ttf", "NotoSansGujarati-Bold.ttf", ((0x0A80, 0x0AFF),)
    ),  # fmt: skip
    Script(
        "Tamil", "NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf", ((0x0B80, 0x0BFF),)
    ),  # fmt: skip
    # One regular weight for Chinese keeps the download small; bold Chinese prints regular.
    Script(
        "Chinese",
        "NotoSansCJKsc-Subset-Regular.ttf",
        "NotoSansCJKsc-Subset-Regular.ttf",
        (
            (0x2E80, 0x2FDF),
            (0x3000, 0x303F),
            (0x3100, 0x312F),
            (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF),
            (0xF900, 0xFAFF),
            (0xFF00, 0xFFEF),
        ),
    ),  # fmt: skip
)

# Glyphs that no character stands for alone (a joined Arabic letter, a Bengali conjunct) are
# written under private codes from here on, one per glyph, text and width.
_FIRST_PRIVATE = 0xF0000
_STRIDE = 1 << 20  # subset numbers of the fallback faces: face index times this, plus subset
_SPACE = 32


class _Face(TTFont):
    """A TrueType face that can print HarfBuzz's glyphs, not only the characters it maps.

    A shaped glyph is given a private code whose width is the advance HarfBuzz chose (adjusted
    for where the next glyph sits, so marks land where the font says) and whose ToUnicode entry
    is the text the glyph stands for.
    """

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self.covered = frozenset(self.face.charToGlyph)
        self._measure = functools.lru_cache(maxsize=200_000)(super().stringWidth)
        self._private: dict[tuple[int, str, float], int] = {}
        self._texts: dict[int, str] = {}
        self._next_private = _FIRST_PRIVATE
        self._hb_font = None
        self._scale = 1000 / self.face.unitsPerEm
        self._lock = threading.Lock()

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:  # noqa: N802
        return self._measure(text, size, encoding)

    # -- shaping ----------------------------------------------------------------------------

    def shape(self, text: str, rtl: bool) -> tuple[tuple[int, str, float], ...]:
        """``text`` shaped by HarfBuzz: (glyph id, text it stands for, advance per 1000 em),
        in visual order."""
        return _shape(self, text, rtl)

    def hb_font(self):  # noqa: ANN201 - uharfbuzz's type
        if self._hb_font is None:
            import uharfbuzz

            self._hb_font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(self.face._ttf_data)))
        return self._hb_font

    def private_codes(self, glyphs: tuple[tuple[int, str, float], ...]) -> str:
        """The shaped glyphs as a string of private codes this face can print."""
        codes = []
        with self._lock:
            for key in glyphs:
                code = self._private.get(key)
                if code is None:
                    code = self._next_private
                    self._next_private += 1
                    gid, text, width = key
                    self._private[key] = code
                    self._texts[code] = text
                    self.face.charToGlyph[code] = gid
                    self.face.charWidths[code] = width
                codes.append(code)
        return "".join(map(chr, codes))

    # -- the PDF ----------------------------------------------------------------------------

    def addObjects(self, doc) -> None:  # noqa: N802, ANN001 - reportlab's name
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state is not None else []
        super().addObjects(doc)
        # reportlab writes each code's own character into the ToUnicode map; a private code
        # gets the text its glyph stands for instead.
        for number, subset in enumerate(subsets):
            if not any(code >= _FIRST_PRIVATE for code in subset):
                continue
            base = b"".join((SUBSETN(number), b"+", self.face.name, self.face.subfontNameX))
            stream = doc.idToObject.get("toUnicodeCMap:" + base.decode("pdfdoc"))
            if stream is not None:
                stream.content = _to_unicode_cmap(base.decode("pdfdoc"), subset, self._texts)


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode_cmap(name: str, subset: list[int], texts: dict[int, str]) -> str:
    entries = []
    for index, code in enumerate(subset):
        text = texts.get(code, chr(code)) if code >= _FIRST_PRIVATE else chr(code)
        entries.append(f"<{index:02X}> <{_utf16(text)}>")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(entries)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


@functools.lru_cache(maxsize=100_000)
def _shape(face: _Face, text: str, rtl: bool) -> tuple[tuple[int, str, float], ...]:
    import uharfbuzz

    buffer = uharfbuzz.Buffer()
    buffer.add_codepoints([ord(char) for char in text])
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    with face._lock:  # a HarfBuzz font is not safe to shape with from two threads at once
        uharfbuzz.shape(face.hb_font(), buffer, {"kern": True, "liga": True})
    infos = buffer.glyph_infos
    positions = buffer.glyph_positions
    scale = face._scale
    clusters = sorted({info.cluster for info in infos})
    ends = dict(zip(clusters, [*clusters[1:], len(text)], strict=True))
    # Which glyphs carry each cluster's text: the first glyph of a cluster gets a character,
    # the next glyph the next one, and the last glyph whatever remains; any glyph beyond the
    # cluster's characters stands for nothing (a vowel drawn in two parts).
    counts = Counter(info.cluster for info in infos)
    seen: dict[int, int] = {}
    offsets = [pos.x_offset * scale for pos in positions]
    glyphs = []
    for index, (info, pos) in enumerate(zip(infos, positions, strict=True)):
        cluster = info.cluster
        chars = text[cluster : ends[cluster]]
        count = counts[cluster]
        nth = seen.get(cluster, 0)
        seen[cluster] = nth + 1
        if count == 1 or len(chars) == 1:
            part = chars if nth == 0 else ""
        elif nth < count - 1:
            part = chars[nth] if nth < len(chars) else ""
        else:
            part = chars[nth:] if nth < len(chars) else ""
        # Where the next glyph is drawn is where this one ends, so a mark's offset is folded
        # into the advance of the glyph before it.
        following = offsets[index + 1] if index + 1 < len(offsets) else 0.0
        own = offsets[index] if index else 0.0
        width = round(pos.x_advance * scale + following - own, 1)
        if rtl and len(part) > 1:
            # Readers spread a glyph's characters left to right across it, then read a
            # right-to-left line from the right: give them a ligature's letters reversed.
            part = part[::-1]
        glyphs.append((info.codepoint, part, width))
    return tuple(glyphs)


# -- the family ------------------------------------------------------------------------------


def _script_table() -> dict[int, int]:
    """Each character of a fallback script: the index of its face (1 for the first)."""
    table = {}
    for index, script in enumerate(SCRIPTS, start=1):
        for first, last in script.ranges:
            for code in range(first, last + 1):
                table.setdefault(code, index)
    return table


_IN_SCRIPT = _script_table()
_JOINERS = {0x200C, 0x200D}


class _Family(_Face):
    """DejaVu Sans with a Noto face for each other script, chosen run by run.

    Text that DejaVu prints as it stands (Latin, Greek, Cyrillic) goes straight to reportlab,
    as it always did. Other text is split into runs by face and direction, each run shaped,
    and the runs put in visual order for the line.
    """

    def __init__(self, name: str, filename: str, fallbacks: list[_Face]) -> None:
        super().__init__(name, filename)
        self.faces: list[_Face] = [self, *fallbacks]
        self._plain = _plain_pattern(self.covered)
        self._runs = functools.lru_cache(maxsize=100_000)(self._visual_runs)

    def is_plain(self, text: str) -> bool:
        """Whether DejaVu prints ``text`` as it stands, with no shaping, reordering or fallback."""
        return text.isascii() or self._plain.search(text) is None

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:  # noqa: N802
        if self.is_plain(text):
            return super().stringWidth(text, size, encoding)
        total = 0.0
        for _face, run, glyphs in self._runs(text):
            if glyphs is None:
                total += _Face.stringWidth(self, run, size)
            else:
                total += sum(width for _gid, _text, width in glyphs) * size / 1000
        return total

    def splitString(self, text, doc, encoding: str = "utf-8"):  # noqa: N802, ANN001, ANN201
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if self.is_plain(text):
            return super().splitString(text, doc, encoding)
        pieces: list[tuple[int, bytes]] = []
        for face, run, glyphs in self._runs(text):
            index = self.faces.index(face)
            codes = run if glyphs is None else face.private_codes(glyphs)
            if index == 0:
                split = TTFont.splitString(self, codes, doc)
            else:
                split = face.splitString(codes, doc)
            for subset, data in split:
                subset += index * _STRIDE
                if pieces and pieces[-1][0] == subset:
                    pieces[-1] = (subset, pieces[-1][1] + data)
                else:
                    pieces.append((subset, data))
        return pieces

    def getSubsetInternalName(self, subset: int, doc) -> str:  # noqa: N802, ANN001
        index, number = divmod(subset, _STRIDE)
        if index == 0:
            return super().getSubsetInternalName(number, doc)
        return self.faces[index].getSubsetInternalName(number, doc)

    # -- runs -------------------------------------------------------------------------------

    def face_of(self, text: str) -> list[int]:
        """The index of the face that prints each character of ``text``."""
        faces = self.faces
        chosen: list[int] = []
        previous = 0
        for char in text:
            code = ord(char)
            index = _IN_SCRIPT.get(code)
            if index is not None and code in faces[index].covered:
                pass
            elif char.isspace():
                index = 0
            elif (
                previous
                and (code in _JOINERS or unicodedata.category(char) in ("Mn", "Me", "Po", "Pd"))
                and code in faces[previous].covered
            ):
                index = previous  # a mark, joiner or stop keeps to the letters before it
            elif code in self.covered:
                index = 0
            else:
                index = next((n for n, f in enumerate(faces) if code in f.covered), 0)
            chosen.append(index)
            previous = index
        return chosen

    def _visual_runs(self, text: str) -> list[tuple[_Face, str, tuple | None]]:
        """``text`` as one line: (face, text, shaped glyphs or None for plain DejaVu text) in
        the order they are drawn, left to right."""
        faces = self.face_of(text)
        levels, base = _levels(text)
        runs: list[tuple[int, int, int, int]] = []  # start, end, face, level
        for position, (face, level) in enumerate(zip(faces, levels, strict=True)):
            space = text[position] == " "
            key = (-1 if space else face, level)
            if runs and (runs[-1][2], runs[-1][3]) == key:
                runs[-1] = (runs[-1][0], position + 1, *key)
            else:
                runs.append((position, position + 1, *key))
        order = _reorder([level for _start, _end, _face, level in runs], base)
        drawn = []
        for index in order:
            start, end, face, level = runs[index]
            run = text[start:end]
            rtl = level % 2 == 1
            if face == -1:
                drawn.append((self, run, None))
            elif face == 0 and not rtl and self._plain.search(run) is None:
                drawn.append((self, run, None))
            else:
                owner = self.faces[face]
                drawn.append((owner, run, owner.shape(run, rtl)))
        return drawn


def _plain_pattern(covered: frozenset[int]) -> re.Pattern[str]:
    """Characters that need more than DejaVu as it stands: right-to-left letters, the scripts
    of the fallback faces, joiners, and anything DejaVu lacks."""
    points = sorted(
        code
        for code in covered
        if code <= 0xFFFF
        and code not in _IN_SCRIPT
        and code not in _JOINERS
        and unicodedata.bidirectional(chr(code)) not in ("R", "AL", "AN", "RLE", "RLO", "RLI")
    )
    return re.compile(f"[^{_ranges(points)}]")


def _levels(text: str) -> tuple[list[int], int]:
    """The bidirectional embedding level of each character, and the line's base level.

    Text with no right-to-left character is all at level 0. Otherwise the levels come from
    python-bidi's implementation of the Unicode bidirectional algorithm, with the base
    direction taken from the first strong character; characters the algorithm sets aside
    (joiners) take the level of the one before.
    """
    if not any(unicodedata.bidirectional(char) in ("R", "AL", "AN") for char in text):
        return [0] * len(text), 0
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    base = algorithm.get_base_level(text)
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    algorithm.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage, False)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    levels: list[int | None] = [None] * len(text)
    for char in storage["chars"]:
        levels[char["index"]] = char["level"]
    _pair_brackets(text, levels, base)
    # L1: white space at the end of the line goes back to the base level.
    end = len(text)
    while end and text[end - 1].isspace():
        end -= 1
        levels[end] = base
    resolved: list[int] = []
    for level in levels:
        resolved.append(level if level is not None else (resolved[-1] if resolved else base))
    return resolved, base


_BRACKETS = {"(": ")", "[": "]", "{": "}"}


def _pair_brackets(text: str, levels: list[int | None], base: int) -> None:
    """Rule N0, which python-bidi's algorithm predates: a pair of brackets takes the direction
    of what it encloses (and of what precedes it), so "(12)" after Arabic stays together."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if char in _BRACKETS:
            stack.append((_BRACKETS[char], index))
        elif stack and char == stack[-1][0]:
            pairs.append((stack.pop()[1], index))
    embedding_rtl = base % 2 == 1

    def strong(char: str) -> bool | None:  # True for right to left, False for left to right
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return False
        if kind in ("R", "AL", "AN", "EN"):
            return True
        return None

    for opening, closing in pairs:
        inside = {strong(char) for char in text[opening + 1 : closing]} - {None}
        if embedding_rtl in inside:
            rtl = embedding_rtl
        elif inside:
            before = next(
                (d for d in map(strong, reversed(text[:opening])) if d is not None), embedding_rtl
            )
            rtl = not embedding_rtl if before != embedding_rtl else embedding_rtl
        else:
            continue
        level = base + (1 if rtl != embedding_rtl else 0)
        levels[opening] = levels[closing] = level


def _reorder(levels: list[int], base: int) -> list[int]:
    """Rule L2 of the bidirectional algorithm, over runs: the order to draw them in."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min((level for level in levels if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] >= level:
                end = index
                while end < len(order) and levels[order[end]] >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return order


# -- registration ----------------------------------------------------------------------------

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
        loaded: dict[str, _Face] = {}

        def face(filename: str) -> _Face:
            if filename not in loaded:
                loaded[filename] = _load(_Face, f"VisitDesk-{filename.removesuffix('.ttf')}",
                                         folder, filename)  # fmt: skip
            return loaded[filename]

        regular = [face(script.regular) for script in SCRIPTS]
        bold = [face(script.bold) for script in SCRIPTS]
        for name, fallbacks in ((REGULAR, regular), (BOLD, bold), (ITALIC, regular)):
            pdfmetrics.registerFont(_load(_Family, name, folder, _FILES[name], fallbacks))
        for item in loaded.values():
            pdfmetrics.registerFont(item)
        # Paragraph markup (<b>, <i>) picks the face through these mappings. There is no
        # bold-italic face: the record never uses it, so bold stands in.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, ITALIC)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True


def _load(kind: type[_Face], name: str, folder, filename: str, *args: object) -> _Face:  # noqa: ANN001
    try:
        return kind(name, str(folder / filename), *args)
    except (OSError, TTFError) as exc:
        raise UserError(
            f"The PDF font {filename} is missing or damaged; reinstall VisitDesk."
        ) from exc


def family(name: str = REGULAR) -> _Family:
    """The registered family ``name`` (registering the fonts first if need be)."""
    register_fonts()
    font = pdfmetrics.getFont(name)
    assert isinstance(font, _Family)
    return font


def missing_glyphs() -> re.Pattern[str]:
    """A pattern matching any character the family cannot print and copy faithfully.

    That is a character that neither DejaVu nor a fallback face of every family has, and
    anything beyond the Basic Multilingual Plane (emoji), which would print as a box or vanish
    when the text is copied or searched.
    """
    global _missing
    if _missing is not None:
        return _missing
    covered: set[int] | None = None
    for name in _FILES:
        codes: set[int] = set()
        for face in family(name).faces:
            codes |= face.covered
        covered = codes if covered is None else covered & codes
    assert covered is not None
    covered |= {ord("\n")} | _JOINERS
    points = sorted(code for code in covered if code <= 0xFFFF)
    _missing = re.compile(f"[^{_ranges(points)}]")
    return _missing


def _ranges(points: list[int]) -> str:
    ranges: list[str] = []
    start = previous = points[0]
    for code in points[1:] + [-1]:
        if code == previous + 1:
            previous = code
            continue
        ranges.append(_range(start, previous))
        start = previous = code
    return "".join(ranges)


def _range(first: int, last: int) -> str:
    if first == last:
        return re.escape(chr(first))
    return f"{re.escape(chr(first))}-{re.escape(chr(last))}"
