"""Collect the window's text into resources/translations/visitdesk_cy.ts for the translators.

Run it after changing any text in visitdesk/ui and commit what it writes:

    python packaging/update_translations.py            # refresh the .ts files
    python packaging/update_translations.py --release  # and compile the .qm files the app loads

It runs ``pyside6-lupdate`` (installed with PySide6) over ``visitdesk/ui/*.py``. Translations
already made are kept; text no longer in the sources is kept too, marked as vanished, so a
translator can reuse it. How the sources must be written for lupdate to read them is in
``visitdesk/ui/i18n.py``.

The field catalogue's labels, questions, help and choices, and how a household visit words
them (``visitdesk/standards/fields.py``), are data lupdate cannot read, so they are written for
it into a module of ``QT_TRANSLATE_NOOP("fields", ...)`` lines in a temporary folder, read
beside the sources; the form translates them in that context.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import unescape

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "visitdesk" / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
CATALOGUE = "visitdesk"  # matches visitdesk.ui.i18n.CATALOGUE
FIELDS_CONTEXT = "fields"  # matches visitdesk.ui.form_fields.catalogue_text
LANGUAGES = {"cy": "cy_GB"}  # file suffix -> the language lupdate writes into the file
# lupdate takes well under a second; a source it cannot parse (a keyword argument inside
# translate(), for one) can make it loop for ever, so it is stopped.
TIMEOUT = 60


class ToolMissing(RuntimeError):
    """pyside6-lupdate or pyside6-lrelease is not installed beside this Python."""


def tool(name: str) -> Path:
    """The PySide6 tool ``name`` ("lupdate", "lrelease") of this Python's environment."""
    here = Path(sys.executable).parent
    for candidate in (here / f"pyside6-{name}", here / f"pyside6-{name}.exe"):
        if candidate.exists():
            return candidate
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise ToolMissing(f"pyside6-{name} is not installed; install PySide6 first")
    return Path(found)


def sources() -> list[Path]:
    return sorted(SOURCES.glob("*.py"))


def ts_path(suffix: str, folder: Path = TRANSLATIONS) -> Path:
    return folder / f"{CATALOGUE}_{suffix}.ts"


def field_texts() -> dict[str, list[str]]:
    """Every label, question, help text and choice of the field catalogue, each once, with
    where it is used ("seen label")."""
    if str(ROOT) not in sys.path:  # run as a script, the project is not importable yet
        sys.path.insert(0, str(ROOT))
    from visitdesk.standards import fields

    uses: dict[str, list[str]] = {}
    for item in fields.FIELDS:
        texts = [("label", item.label), ("question", item.question), ("help", item.help)]
        texts += [("choice", label) for _value, label in item.choices]
        # How a household visit's form words the field.
        texts += [("household help", item.household_help)]
        texts += [("household choice", label) for _value, label in item.household_choices]
        for use, text in texts:
            if text:
                uses.setdefault(text, []).append(f"{item.name} {use}")
    return uses


def write_field_texts(folder: Path) -> Path:
    """A module lupdate reads the field catalogue's text from, written into ``folder``."""
    lines = ["# The field catalogue's text for lupdate, written by update_translations.py.", ""]
    for text, uses in field_texts().items():
        lines.append(f"#: In the field catalogue: {', '.join(uses)}.")
        lines.append(f"QT_TRANSLATE_NOOP({FIELDS_CONTEXT!r}, {text!r})")
    module = folder / "field_catalogue.py"
    module.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return module


_LOCATION = re.compile(r'\s*<location(?: filename="([^"]*)")?[^>]*/>\s*')


def drop_locations(ts: Path, generated: Path) -> None:
    """Take out of ``ts`` the places lupdate noted in ``generated``: a temporary file, so
    its path would change the .ts at every run and mean nothing to a translator."""
    gone = generated.resolve()
    current = None  # a location names its file only when it differs from the one before
    kept = []
    # As bytes, so the line endings lupdate wrote stay as they are.
    for line in ts.read_bytes().decode("utf-8").splitlines(keepends=True):
        found = _LOCATION.fullmatch(line)
        if found is None:
            kept.append(line)
            continue
        if found.group(1) is not None:
            current = (ts.parent / unescape(found.group(1), {"&quot;": '"'})).resolve()
        if current != gone:
            kept.append(line)
    ts.write_bytes("".join(kept).encode("utf-8"))


def update(ts: Path, language: str) -> str:
    """Refresh ``ts`` from the sources and the field catalogue (creating it if need be);
    returns lupdate's summary."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        generated = write_field_texts(Path(folder))
        summary = _lupdate(ts, language, [*sources(), generated])
        drop_locations(ts, generated)
    return summary


def _lupdate(ts: Path, language: str, files: list[Path]) -> str:
    command = [
        str(tool("lupdate")),
        *(
            str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
            for path in files
        ),
        "-source-language",
        "en_GB",
        "-target-language",
        language,
        # Line numbers relative to the previous message, so an edit moves few of them.
        "-locations",
        "relative",
        "-ts",
        str(ts),
    ]
    try:
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise RuntimeError(
            f"lupdate did not finish in {TIMEOUT} s: look for a tr() or translate() call with "
            "a keyword argument in the change"
        ) from None
    if done.returncode != 0:
        raise RuntimeError(f"lupdate failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout.strip()


def release(ts: Path) -> Path:
    """Compile ``ts`` to the .qm file beside it (finished translations only)."""
    qm = ts.with_suffix(".qm")
    done = subprocess.run(
        [str(tool("lrelease")), str(ts), "-qm", str(qm)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"lrelease failed: {done.stderr.strip() or done.stdout.strip()}")
    return qm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", action="store_true", help="also compile the .qm files")
    args = parser.parse_args(argv)
    try:
        for suffix, language in LANGUAGES.items():
            ts = ts_path(suffix)
            print(f"{ts.relative_to(ROOT)}: {update(ts, language)}")
            if args.release:
                print(f"wrote {release(ts).relative_to(ROOT)}")
    except RuntimeError as exc:  # ToolMissing too
        print(f"update_translations: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
