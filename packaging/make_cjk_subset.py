"""Make NotoSansCJKsc-Subset-Regular.ttf, the Chinese face bundled for printed records.

Noto Sans CJK SC covers 65,000 glyphs in 16 MB of PostScript (CFF) outlines, which reportlab
cannot embed. This keeps every character of the GB 2312 (simplified) and Big5 (traditional)
character sets, CJK punctuation and full-width forms, and redraws the outlines as TrueType
quadratics with fontTools. Only the outlines' curve type changes; the glyphs are Noto's own.

    python packaging/make_cjk_subset.py NotoSansCJK-Regular.ttc  (from the fonts-noto-cjk package)

(the Debian package fonts-noto-cjk provides that file; its subfont 2 is Noto Sans CJK SC).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

OUT = (
    Path(__file__).resolve().parent.parent
    / "resources"
    / "fonts"
    / "NotoSansCJKsc-Subset-Regular.ttf"
)


def _character_set(codec: str, leads: range, trails: list[range]) -> set[int]:
    chars: set[int] = set()
    for lead in leads:
        for trail_range in trails:
            for trail in trail_range:
                try:
                    text = bytes((lead, trail)).decode(codec)
                except UnicodeDecodeError:
                    continue
                chars.update(ord(char) for char in text)
    return chars


def wanted() -> set[int]:
    chars = _character_set("gb2312", range(0xA1, 0xF8), [range(0xA1, 0xFF)])
    chars |= _character_set("big5", range(0xA1, 0xFA), [range(0x40, 0x7F), range(0xA1, 0xFF)])
    chars |= set(range(0x3000, 0x3040)) | set(range(0xFF01, 0xFF5F)) | set(range(0x3100, 0x3130))
    return {c for c in chars if c > 0x2E7F}  # Latin, Greek and Cyrillic come from DejaVu


def to_truetype(font: TTFont) -> None:
    glyph_set = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        width = hmtx.metrics[name][0]
        hmtx.metrics[name] = (width, getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attribute in (
        "maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
        "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
        "maxComponentElements",
    ):  # fmt: skip
        setattr(maxp, attribute, 1 if attribute == "maxZones" else 0)
    post = font["post"]
    post.formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"


def main(source: str) -> None:
    font = TTFont(source, fontNumber=2, lazy=False)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted())
    subsetter.subset(font)
    to_truetype(font)
    font.save(OUT)
    print(OUT, OUT.stat().st_size)


if __name__ == "__main__":
    main(sys.argv[1])
