"""Benchmark autosave: what one save of a draft costs the UI thread while someone types.

The form hands each save to a writer thread; the UI thread only gathers what is typed and,
when the save ends, updates the "Saved" label and announces it. This prints that UI-thread
cost per save (median, 95th percentile, max) for a record with a typical narrative and one
with 100 KB of findings, with a baseline in the same run (an autosave tick with nothing to
save). For comparison it also prints the write itself (now on the writer thread, before on
the UI thread) and how long a keystroke takes while a save is being written.
Target: under 16 ms on the UI thread (one frame at 60 Hz).
Run: python bench/bench_autosave.py [--small]   (--small: a fresh data folder, not the
synthetic caseload of 5,000 children)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
ROUNDS = 60
TYPICAL = {  # about what a worker writes after a home visit: a few KB across the sections
    "purpose": "Statutory visit to see the children and check on the actions in the plan. " * 3,
    "childs_voice": "She said she likes her new room and that school is better now. " * 8,
    "findings": "The home was warm and tidy, there was food in the fridge and the beds were "
    "made. Mum was calm and talked openly about the last few weeks. " * 12,
    "analysis": "Things are steadier since the move; the school run is the main worry. " * 8,
    "conclusion": "The plan is working; keep visiting every ten working days. " * 2,
    "recommendations": "Ask school for attendance figures before the next core group. " * 3,
}
# In paragraphs, as people write: one 100 KB paragraph costs Qt's text layout far more.
PARAGRAPH = "Home warm and tidy; the children were playing in the garden when I arrived. " * 8
LARGE = {**TYPICAL, "findings": ((PARAGRAPH + "\n\n") * 200)[:100_000]}


def _stats(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return f"{statistics.median(values):8.2f} {p95:8.2f} {values[-1]:8.2f}"


def _workspace(small: bool):
    if small:
        from visitdesk.services.workspace import initialise

        folder = Path(tempfile.mkdtemp(prefix="visitdesk-bench-")) / "data"
        return initialise(
            folder,
            "benchmark passphrase",
            name="Bench Worker",
            role="worker",
            policy_id="visiting-policy-2019",
            team="Bench Team",
        )
    sys.path.insert(0, str(HERE))
    from synthetic import build

    t = time.perf_counter()
    ws = build()
    print(f"synthetic caseload built in {time.perf_counter() - t:.1f} s")
    return ws


def main() -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from visitdesk.services import records
    from visitdesk.services.records import PlanInput
    from visitdesk.ui import draft_saver
    from visitdesk.ui.hub import Hub
    from visitdesk.ui.main_window import MainWindow

    # Time the two pieces of autosave that run on the UI thread, wherever they are called from.
    ui_ms: list[float] = []

    def timed(method):  # noqa: ANN001, ANN202
        def run(self, *args):  # noqa: ANN001, ANN202
            t = time.perf_counter()
            try:
                return method(self, *args)
            finally:
                ui_ms.append((time.perf_counter() - t) * 1000)

        return run

    saver = draft_saver.DraftSaver
    saver.save_in_background = timed(saver.save_in_background)
    saver._on_written = timed(saver._on_written)

    app = QApplication([])
    ws = _workspace("--small" in sys.argv)
    child = records.add_child(
        ws,
        given_name="Bench",
        family_name="Autosave",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", ws.today() - timedelta(days=30)),
    )
    win = MainWindow(ws, Hub())
    win.show()
    deadline = time.monotonic() + 60
    while not win.caseload_ready and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    win.wait_for_background_work()

    def open_form(narrative: dict[str, str]):  # noqa: ANN202
        at = ws.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=1)
        vid = records.start_visit(ws, child, at, location="home", **narrative)
        win.open_visit(vid)
        form = win.visit_form
        edit = form.narrative["findings"]
        edit.setFocus()
        edit.moveCursor(edit.textCursor().MoveOperation.End)
        draft_saver.wait_for_drafts()  # the writer's first connection is made by now
        for _ in range(20):
            app.processEvents()
        return form, edit

    def one_save(form, edit, *, typed: bool) -> tuple[float, float]:  # noqa: ANN001
        """Type a key (or not), run the autosave tick; return (UI ms, writer ms)."""
        if typed:
            QTest.keyClick(edit, "x")
        ui_ms.clear()
        form.drafts.save_in_background()
        writing = form.drafts.writing
        t = time.perf_counter()
        if writing is not None:
            writing.exception()
        written = (time.perf_counter() - t) * 1000
        while form.drafts.writing is not None:
            app.processEvents()
        app.processEvents()
        return sum(ui_ms), written

    results: list[tuple[str, list[float], list[float]]] = []
    form, edit = open_form(TYPICAL)
    base = [one_save(form, edit, typed=False)[0] for _ in range(ROUNDS)]
    results.append(("baseline: an autosave tick with nothing to save", base, []))
    for label, narrative in (
        ("typical record (%.0f KB of narrative)", TYPICAL),
        ("large record (%.0f KB of narrative)", LARGE),
    ):
        form, edit = open_form(narrative)
        size = sum(len(v.encode()) for v in form.values().values() if isinstance(v, str))
        runs = [one_save(form, edit, typed=True) for _ in range(ROUNDS)]
        results.append((label % (size / 1024), [r[0] for r in runs], [r[1] for r in runs]))

        # The same write made on the UI thread, as the form did before.
        inline = []
        for n in range(ROUNDS):
            changes = {**form.values(), "findings": form.values()["findings"] + f" {n}"}
            t = time.perf_counter()
            records.save_draft(ws, form.visit_id, changes)
            inline.append((time.perf_counter() - t) * 1000)
        results[-1] = (*results[-1], inline)

        # A keystroke while a save is being written (the writer holds Python's lock at times).
        idle, during = [], []
        for _ in range(ROUNDS):
            t = time.perf_counter()
            QTest.keyClick(edit, "y")
            idle.append((time.perf_counter() - t) * 1000)
            form.drafts.save_in_background()
            t = time.perf_counter()
            QTest.keyClick(edit, "z")
            during.append((time.perf_counter() - t) * 1000)
            form.save()
        results[-1] = (*results[-1], idle, during)

    print(f"\nautosave, {ROUNDS} saves each; ms{'median':>30} {'p95':>8} {'max':>8}")
    print("UI-thread cost per save (gather the form, hand over; then label and announce):")
    for row in results:
        print(f"  {row[0]:<46}{_stats(row[1])}")
    print("the write itself, on the writer thread (submit to stored):")
    for row in results[1:]:
        print(f"  {row[0]:<46}{_stats(row[2])}")
    print("the same write on the UI thread, as the form did before (for comparison):")
    for row in results[1:]:
        print(f"  {row[0]:<46}{_stats(row[3])}")
    print("one keystroke (validation included), with no save / while a save is written:")
    for row in results[1:]:
        print(f"  {row[0]:<46}{_stats(row[4])}")
        print(f"  {'  ... while a save is being written':<46}{_stats(row[5])}")
    worst = max(max(row[1]) for row in results)
    print(f"\nworst UI-thread cost of a save: {worst:.2f} ms (target < 16 ms)")
    win.close()
    ws.close()


if __name__ == "__main__":
    main()
