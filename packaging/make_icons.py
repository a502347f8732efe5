"""Make the app icon's PNG, ICO and ICNS files from resources/icons/visitdesk.svg.

Run it after changing the SVG and commit what it writes:

    python packaging/make_icons.py

The SVG is drawn with Qt's own renderer (PySide6 is already installed for the app); Pillow,
needed only here, packs the Windows .ico and the macOS .icns.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SOURCE = ICONS / "visitdesk.svg"
# The sizes the freedesktop hicolor theme, Windows and macOS ask for.
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def render(size: int) -> bytes:
    """The SVG drawn at size x size pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def main() -> int:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs it
    pngs = {size: render(size) for size in PNG_SIZES}
    for size, data in pngs.items():
        (ICONS / f"visitdesk-{size}.png").write_bytes(data)

    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in pngs.items()}
    largest = images[max(ICO_SIZES)]
    # Pillow picks each ICO size from the frames it is given, so small sizes keep the
    # renderer's own hinting rather than being scaled down from 256.
    largest.save(
        ICONS / "visitdesk.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    images[max(ICNS_SIZES)].save(
        ICONS / "visitdesk.icns",
        format="ICNS",
        append_images=[images[s] for s in ICNS_SIZES if s != max(ICNS_SIZES)],
    )
    print(f"Wrote {len(pngs)} PNG sizes, visitdesk.ico and visitdesk.icns in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
