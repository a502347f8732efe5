"""The bundled fonts, made known to Qt so every script a caseload has shows on screen.

A laptop may have no font for Urdu, Bengali or Chinese, and Qt then draws boxes. The record's
own fonts (DejaVu Sans and a Noto face for each other script, in ``resources/fonts``) are added
to Qt's font database at start, and set as substitutes for the application font's family, so
Qt's per-character fallback finds them whatever the desktop's own fonts are. Qt shapes and
orders the text itself (HarfBuzz and the bidirectional algorithm are built into it).
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from visitdesk import paths

log = logging.getLogger(__name__)

_registered: dict[str, list[str]] = {}


def register_app_fonts() -> dict[str, list[str]]:
    """Add the bundled font files to Qt's font database, once; return file -> families.

    Needs a ``QGuiApplication``. A missing or damaged file is logged and skipped: the app
    still starts, and Qt falls back to the desktop's fonts for that script.
    """
    if _registered:
        return dict(_registered)
    # Every face in the folder (the PDF's table of scripts lives with reportlab, which the
    # window does not load at start: importing it would cost more than the fonts do).
    folder = paths.resources_dir() / "fonts"
    files = sorted(path.name for path in folder.glob("*.ttf"))
    for filename in files:
        font_id = QFontDatabase.addApplicationFont(str(folder / filename))
        if font_id < 0:
            log.warning("Could not load the bundled font %s", filename)
            continue
        _registered[filename] = list(QFontDatabase.applicationFontFamilies(font_id))
    families = script_families()
    if families:
        # The desktop's own font stays first; the bundled faces are tried, in order, for any
        # character it lacks, before Qt's own guesses.
        app = QGuiApplication.instance()
        base = app.font().family() if app is not None else QFont().family()
        for family in {base, QFont().defaultFamily(), "Sans Serif"}:
            QFont.insertSubstitutions(family, families)
    return dict(_registered)


def script_families() -> list[str]:
    """The family names of the bundled faces for scripts other than Latin, in fallback order."""
    names: list[str] = []
    for filename, families in sorted(_registered.items()):
        if filename.startswith("DejaVu") or "-Bold" in filename:
            continue
        for family in families:
            if family not in names:
                names.append(family)
    return names
