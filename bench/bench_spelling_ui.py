"""Benchmark: spell checking in a text box of the window (offscreen).

Run: python bench/bench_spelling_ui.py

Prints how long the dictionary takes to load (off the GUI thread), how long a 20,000-character
record takes from ``setPlainText`` to every paragraph underlined (target: 200 ms), and what a
keystroke at the end of a 2,000-character box costs with spell checking on and off (median of
200; the whole budget for a keystroke to the findings is 16 ms). The memory figures are the
process's resident size, before and after each step.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtGui import QTextCharFormat  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

TARGET_OPEN_MS = 200.0
TARGET_KEY_MS = 16.0
KEYSTROKES = 200
OPENS = 10

SENTENCES = (
    "I visited Ada at home after school, as planned with her mother on Monday.",
    "Her mother said the referral from the paediatrician had been received last week.",
    "Ada showed me her bedroom, which was clean and warm, with her own bed and a desk.",
    "We talked about her favourite programme and the colour she wants for her room.",
    "She said she feels safe at home and that her stepfather no longer shouts at night.",
    "The health visitor had noticed a bruise on her arm; Ada said she fell in the park.",
    "I discussed the plan with her mother, who agreed to attend the parenting course.",
    "The kitchen had food in the fridge and the cupboards; the home was tidy throughout.",
    "Ada's school reports better attendance this term and she has made new friends.",
    "We agreed that I would visit again within ten working days and speak to the school.",
)
# Misspellings a worker types: about one word in sixty is one of these.
SLIPS = ("recieved", "refferal", "occured", "seperate", "enviroment", "goverment", "wich")


def realistic_text(length: int, seed: int = 16) -> str:
    """Paragraphs of record prose, about ``length`` characters, with some misspellings."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    total = 0
    while total < length:
        words = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(4, 8))).split(" ")
        for i in range(len(words)):
            if rng.random() < 1 / 60:
                words[i] = rng.choice(SLIPS)
        paragraph = " ".join(words)
        paragraphs.append(paragraph)
        total += len(paragraph) + 1
    return "\n".join(paragraphs)[:length]


def one_paragraph(length: int) -> str:
    return realistic_text(length * 2).replace("\n", " ")[:length]


def resident_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def underlined_blocks(editor: QPlainTextEdit) -> tuple[int, int]:
    """(paragraphs the highlighter has underlined something in, words underlined)."""
    style = QTextCharFormat.UnderlineStyle.SpellCheckUnderline
    blocks = words = 0
    block = editor.document().firstBlock()
    while block.isValid():
        found = [r for r in block.layout().formats() if r.format.underlineStyle() == style]
        blocks += bool(found)
        words += len(found)
        block = block.next()
    return blocks, words


def wait_ready(app: QApplication, aid) -> None:  # noqa: ANN001 - a SpellingAid
    done = []
    aid.ready.connect(lambda: done.append(True))
    while not done:
        app.processEvents()
        time.sleep(0.001)


def new_box(aid=None) -> QPlainTextEdit:  # noqa: ANN001 - a SpellingAid
    editor = QPlainTextEdit()
    editor.resize(900, 400)
    editor.show()
    if aid is not None:
        aid.attach(editor)
    return editor


def time_open(app: QApplication, text: str, aid=None) -> tuple[float, float]:  # noqa: ANN001
    """(ms to setPlainText with every paragraph highlighted, ms until drawn as well)."""
    editor = new_box(aid)
    app.processEvents()
    t = time.perf_counter()
    editor.setPlainText(text)
    highlighted = (time.perf_counter() - t) * 1000
    app.processEvents()
    drawn = (time.perf_counter() - t) * 1000
    editor.close()
    editor.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return highlighted, drawn


def time_keys(app: QApplication, aid=None) -> list[float]:  # noqa: ANN001 - a SpellingAid
    editor = new_box(aid)
    editor.setPlainText(one_paragraph(2000))
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.setFocus()
    app.processEvents()
    typed = " We agreed to meet again at school on Thursday and recieved the plan."
    times = []
    for i in range(KEYSTROKES):
        t = time.perf_counter()
        QTest.keyClick(editor, typed[i % len(typed)])
        times.append((time.perf_counter() - t) * 1000)
    editor.close()
    editor.deleteLater()
    return times


def main() -> None:
    app = QApplication([])
    from visitdesk.services.workspace import initialise
    from visitdesk.ui.spelling import SpellingAid
    from visitdesk.writing import spelling

    with tempfile.TemporaryDirectory() as folder:
        ws = initialise(
            Path(folder) / "data",
            "correct horse battery",
            name="Sam Worker",
            role="worker",
            policy_id="getting-it-right-2018",
            team="Team North",
        )
        try:
            before = resident_mb()
            t = time.perf_counter()
            spelling.shared_speller().result()
            loaded = (time.perf_counter() - t) * 1000
            after_load = resident_mb()
            aid = SpellingAid(ws)
            wait_ready(app, aid)
            assert aid.checker is not None, aid.unavailable

            text = realistic_text(20_000)
            paragraphs = text.count("\n") + 1
            plain = [time_open(app, text) for _ in range(OPENS)]
            unchecked = resident_mb()
            first = time_open(app, text, aid)
            editor = new_box(aid)
            editor.setPlainText(text)
            blocks, words = underlined_blocks(editor)
            slips = sum(text.count(s) for s in SLIPS)
            editor.close()
            warm = [time_open(app, text, SpellingAid(ws)) for _ in range(OPENS)]
            checked = resident_mb()

            on = time_keys(app, aid)
            off = time_keys(app)

            print(f"dictionary load (background thread): {loaded:.0f} ms")
            print(
                f"20,000 characters in {paragraphs} paragraphs, {slips} misspellings; "
                f"{words} words underlined in {blocks} paragraphs"
            )
            print(
                f"  first open (no word looked up yet): highlighted {first[0]:.1f} ms, "
                f"drawn {first[1]:.1f} ms (target < {TARGET_OPEN_MS:.0f} ms)"
            )
            print(
                f"  a new form, median of {OPENS}: highlighted "
                f"{statistics.median(h for h, _ in warm):.1f} ms, drawn "
                f"{statistics.median(d for _, d in warm):.1f} ms"
            )
            print(
                f"  spell check off, median of {OPENS}: set "
                f"{statistics.median(h for h, _ in plain):.1f} ms, drawn "
                f"{statistics.median(d for _, d in plain):.1f} ms"
            )
            for label, times in (("on", on), ("off", off)):
                times = sorted(times)
                print(
                    f"keystroke at the end of 2,000 characters (one paragraph), spell check "
                    f"{label}: median {statistics.median(times):.2f} ms, 95th percentile "
                    f"{times[int(len(times) * 0.95)]:.2f} ms (median of {KEYSTROKES})"
                )
            print(
                f"memory: {before:.0f} MB before; the dictionary loaded "
                f"+{after_load - before:.1f} MB; {OPENS} boxes of 20,000 characters without "
                f"spell check +{unchecked - after_load:.1f} MB, then {OPENS + 1} with it "
                f"+{checked - unchecked:.1f} MB"
            )
        finally:
            ws.close()


if __name__ == "__main__":
    main()
