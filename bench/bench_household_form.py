"""Benchmark: the household visit form of four children, a keystroke to updated findings.

Run: python bench/bench_household_form.py [--small]   (target: under 16 ms a keystroke)

Four children with twenty completed visits each live in one household (from the synthetic
caseload of 5,000 children and 100,000 visits; ``--small``: a fresh data folder with only
them). The form is opened on a household visit to the four; a keystroke in one child's own
box (that child checked again) and in the shared part (every child checked again) is timed
from the key to the findings panel, the field messages and the tabs updated. Then "Complete
all records" is timed, from the click to the form showing all four completed. Prints the
median and the 95th percentile of the keystrokes, and the completion.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_household import OWN, SHARED, _children, _workspace  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from visitdesk.services import household_visits, households  # noqa: E402

TARGET_KEY_MS = 16.0
TARGET_COMPLETE_MS = 200.0
TEXT = "the children showed me their room and talked about school "


def _keys(editor) -> list[float]:  # noqa: ANN001 - a text box
    editor.setFocus()
    times = []
    for ch in TEXT:
        t = time.perf_counter()
        QTest.keyClick(editor, ch)
        times.append((time.perf_counter() - t) * 1000)
    return times


def _line(what: str, times: list[float], target: float) -> str:
    times = sorted(times)
    worst = times[int(len(times) * 0.95)]
    return (
        f"{what}: median {statistics.median(times):.2f} ms, 95th percentile {worst:.2f} ms "
        f"(target < {target:.0f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="a fresh data folder")
    args = parser.parse_args()
    app = QApplication([])
    from visitdesk.ui.household_form import HouseholdVisitForm
    from visitdesk.ui.hub import Hub

    ws = _workspace(args.small)
    try:
        children = _children(ws, args.small, 4, 0)
        for other in children[1:]:
            households.join_household(ws, children[0], other, ws.today() - timedelta(days=400))
        at = ws.now().replace(second=0, microsecond=0) - timedelta(hours=1)
        hv = household_visits.start(ws, children, at, **SHARED)
        own = {r.visit_id: OWN for r in household_visits.records_of(ws, hv)}
        household_visits.save(ws, hv, SHARED, own)
        t = time.perf_counter()
        form = HouseholdVisitForm(ws, Hub(), hv)
        opened = (time.perf_counter() - t) * 1000
        form.resize(1280, 720)
        form.show()
        app.processEvents()
        part = form.parts[-1]
        form.show_child(part.visit_id)
        own_keys = _keys(part.fields["findings"].editor)
        shared_keys = _keys(form.shared.fields["present"].editor)
        if not form.shared.fields["present"].editor.text().endswith(TEXT):
            raise SystemExit("the keys did not reach the form")
        print(f"form of {len(form.parts)} children opened in {opened:.0f} ms")
        print(_line("keystroke in one child's part", own_keys, TARGET_KEY_MS))
        print(_line("keystroke in the shared part", shared_keys, TARGET_KEY_MS))
        form.confirm_complete = lambda: True
        t = time.perf_counter()
        QTest.mouseClick(form.complete_button, Qt.MouseButton.LeftButton)
        done = (time.perf_counter() - t) * 1000
        if not form.read_only:
            raise SystemExit("the records were not completed: " + form.complete_reason.text())
        print(
            f"complete all records ({len(form.parts)}), save and check included: {done:.0f} ms "
            f"(target < {TARGET_COMPLETE_MS:.0f} ms)"
        )
        form.close()
    finally:
        ws.close()


if __name__ == "__main__":
    main()
