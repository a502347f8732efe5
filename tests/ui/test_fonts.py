"""The bundled faces reach Qt, so Urdu, Bengali and Chinese show on screen, not as boxes."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QImage, QPainter, QRawFont
from PySide6.QtWidgets import QLabel

from visitdesk.ui.fonts import register_app_fonts, script_families

SAMPLES = {
    "Noto Naskh Arabic": "عائشہ خان ٹیم",  # Urdu: ٹ and ہ are letters Arabic lacks
    "Noto Sans Bengali": "সুমাইয়া রহমান",
    "Noto Sans CJK SC": "李明华你好",
    "Noto Sans Gurmukhi": "ਹਰਪ੍ਰੀਤ",
    "Noto Sans Gujarati": "પ્રિયા",
    "Noto Sans Tamil": "கார்த்திக்",
}


def test_bundled_families_are_registered_and_cover_their_scripts(qapp):
    registered = register_app_fonts()

    assert set(SAMPLES) <= set(script_families())
    assert "DejaVu Sans" in registered["DejaVuSans.ttf"]
    for family, text in SAMPLES.items():
        assert family in QFontDatabase.families()
        metrics = QFontMetrics(QFont(family))
        for char in text.replace(" ", ""):
            assert metrics.inFontUcs4(ord(char)), (family, char)


def test_a_label_in_each_script_draws_real_glyphs(qapp, qtbot):
    register_app_fonts()
    for family, text in SAMPLES.items():
        raw = QRawFont.fromFont(QFont(family))
        assert raw.isValid()
        assert 0 not in raw.glyphIndexesForString(text.replace(" ", "")), family

        label = QLabel(text)
        qtbot.addWidget(label)
        label.resize(400, 60)
        image = label.grab().toImage()
        assert _inked(image) > 20, family

        # What a box looks like: a character no font has, drawn the same way.
        boxes = QLabel("\U000f0001" * len(text))
        qtbot.addWidget(boxes)
        boxes.resize(400, 60)
        assert image != boxes.grab().toImage()


def test_qt_fallback_finds_a_bundled_face_for_urdu_from_the_default_font(qapp):
    register_app_fonts()
    substitutes = QFont.substitutes(qapp.font().family())
    assert "noto naskh arabic" in [name.lower() for name in substitutes]
    image = QImage(300, 50, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    painter.setFont(qapp.font())
    painter.drawText(10, 35, SAMPLES["Noto Naskh Arabic"])
    painter.end()
    assert _inked(image) > 20


def _inked(image: QImage) -> int:
    """How many pixels are dark."""
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            if image.pixelColor(x, y).lightness() < 128:
                count += 1
    return count
