"""Names and narrative in every script a UK caseload has print as typed, joined and in order.

Each case puts a name and a sentence into a real visit record, reads the PDF back with poppler's
``pdftotext`` and compares with what was typed. pdftotext gives right-to-left text in typed
(logical) order, wrapping it in embedding marks, which are dropped before comparing. Every glyph
drawn for the text is checked to be a real glyph of the face HarfBuzz shaped it with (no .notdef
box). What the pages look like was checked by eye (``pdftoppm -png -r 80``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace

import pytest

from visitdesk.reports import fonts, render_visit

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

CASES = {
    "arabic": ("محمد عبدالله", "ذهب محمد إلى المدرسة صباحا وقال إنه سعيد."),
    "urdu": ("عائشہ خان", "عائشہ نے کہا کہ وہ اپنے بھائی کے ساتھ کھیلتی ہے۔"),
    "bengali": ("সুমাইয়া রহমান", "সে বলল যে সে তার নতুন স্কুল পছন্দ করে।"),
    "gurmukhi": ("ਹਰਪ੍ਰੀਤ ਸਿੰਘ", "ਉਸ ਨੇ ਕਿਹਾ ਕਿ ਉਹ ਆਪਣੀ ਮਾਂ ਨਾਲ ਖੁਸ਼ ਹੈ।"),
    "gujarati": ("પ્રિયા પટેલ", "તેણીએ કહ્યું કે તેને શાળા ગમે છે."),
    "tamil": ("கார்த்திக் சுப்ரமணியம்", "அவன் பள்ளிக்குச் செல்ல விரும்புகிறான்."),
    "chinese": ("李明华", "他说他很喜欢新学校，和妈妈住在一起。"),
    "polish": ("Łucja Wiśniewska-Żółć", "Łucja powiedziała, że źle śpi, ale lubi swoją szkołę."),
    "welsh": ("Siân Gwenllïan ap Rhŷs", "Dywedodd Siân ei bod hi'n hapus yn yr ysgol; ŵyr ŷd."),
    "vietnamese": ("Nguyễn Thị Hương", "Em nói rằng em thích trường mới và bạn bè ở đó."),
    "somali": ("Cabdullaahi Xasan Maxamed", "Wuxuu sheegay inuu jecel yahay dugsiga cusub."),
}

RIGHT_TO_LEFT = {"arabic", "urdu"}

_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _pdftotext(data: bytes, tmp_path) -> str:
    path = tmp_path / "record.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", _MARKS.sub("", text)).split())


def _glyph_ids(text: str, font: str) -> list[int]:
    """The glyph ids the family draws ``text`` with, across every face it falls back to."""
    family = fonts.family(font)
    ids = []
    for face, run, glyphs in family._runs(text) if not family.is_plain(text) else []:
        if glyphs is None:
            ids += [face.face.charToGlyph.get(ord(char), 0) for char in run]
        else:
            ids += [gid for gid, _text, _width in glyphs]
    if family.is_plain(text):
        ids = [family.face.charToGlyph.get(ord(char), 0) for char in text]
    return ids


@pytest.mark.parametrize("script", sorted(CASES))
def test_a_name_and_a_sentence_print_as_typed(script, child, visit, tmp_path):
    name, sentence = CASES[script]
    data = render_visit(
        replace(child, full_name=name), replace(visit, findings=sentence, childs_voice=sentence)
    )
    text = _normal(_pdftotext(data, tmp_path))

    assert "[U+" not in text
    if script in RIGHT_TO_LEFT and not unicodedata.bidirectional(sentence[-1]).startswith("A"):
        # A Latin full stop ends a right-to-left line at its left edge, where it is drawn;
        # pdftotext reads it there, before the sentence. The letters and words are as typed.
        assert f"{sentence[-1]}{_normal(sentence[:-1])}" in text
    else:
        assert _normal(sentence) in text
    assert _normal(name) in text
    # The page header: the name on every page, with the case reference.
    assert text.count(_normal(name)) >= 3


@pytest.mark.parametrize("script", sorted(CASES))
def test_every_glyph_drawn_is_a_real_glyph(script):
    name, sentence = CASES[script]
    for font in (fonts.REGULAR, fonts.BOLD, fonts.ITALIC):
        for typed in (name, sentence):
            ids = _glyph_ids(" ".join(typed.split(" ")), font)
            assert ids and 0 not in [i for i, char in zip(ids, typed, strict=False) if char != " "]


def test_arabic_letters_are_joined_and_drawn_right_to_left():
    family = fonts.family()
    runs = family._runs("محمد")
    ((face, _run, glyphs),) = runs
    assert face.fontName.startswith("VisitDesk-NotoNaskhArabic")
    # Joined forms are glyphs no character maps to on its own; the letters come out last first.
    isolated = {face.face.charToGlyph[ord(char)] for char in "محمد"}
    assert any(gid not in isolated for gid, _text, _width in glyphs)
    assert [text for _gid, text, _width in glyphs] == ["د", "م", "ح", "م"]


def test_a_line_mixing_english_and_arabic_uses_a_face_for_each_run():
    family = fonts.family()
    runs = family._runs("Mum said محمد is well")
    faces = [face.fontName for face, run, _glyphs in runs if run.strip()]
    assert faces == ["VisitDeskSans", "VisitDeskSans", "VisitDesk-NotoNaskhArabic-Regular",
                     "VisitDeskSans", "VisitDeskSans"]  # fmt: skip


def test_bengali_vowel_signs_and_conjuncts_copy_back_in_typed_order(child, visit, tmp_path):
    typed = "কি ক্ষমা কো"  # a vowel drawn before its consonant, a conjunct, a two-part vowel
    data = render_visit(child, replace(visit, findings=typed))
    assert typed in _normal(_pdftotext(data, tmp_path))


def test_fonts_are_embedded_as_subsets(child, visit):
    data = render_visit(
        replace(child, full_name=CASES["arabic"][0]),
        replace(visit, findings=" ".join(sentence for _name, sentence in CASES.values())),
    )
    embedded = set(re.findall(rb"/BaseFont /([A-Z]{6}\+[A-Za-z0-9-]+)", data))
    names = {name.split(b"+", 1)[1] for name in embedded}
    for family in (b"NotoNaskhArabic", b"NotoSansBengali", b"NotoSansGurmukhi",
                   b"NotoSansGujarati", b"NotoSansTamil", b"NotoSansCJKsc"):  # fmt: skip
        assert any(name.startswith(family) for name in names), family
    assert b"/FontFile2" in data
    # A subset, not the 10 MB Chinese face whole.
    assert len(data) < 1_500_000


def test_a_long_arabic_narrative_prints_whole(child, visit, tmp_path):
    # Hundreds of lines over several pages: every word prints, in the right proportion (a line
    # is read back in typed order; a sentence may break across lines).
    sentence = CASES["arabic"][1]
    findings = " ".join(f"{number} {sentence}" for number in range(400))
    text = _normal(_pdftotext(render_visit(child, replace(visit, findings=findings)), tmp_path))
    for word in sentence.rstrip(".").split():
        assert text.count(word) >= 400, word
