"""Benchmark the desktop app on the synthetic caseload (5,000 children, 100,000 visits).

Prints: start to a usable main window (first start of the day, and a later start), one
keystroke in the visit form to an updated findings panel (median and 95th percentile), and
resident memory. Targets: start under 1.5 s, keystroke under 16 ms, memory under 300 MB.
Run: python bench/bench_app.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

DRIVER = r"""
import os, sys, time, statistics
t0 = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from pathlib import Path
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest
from PySide6.QtCore import Qt
from visitdesk.services.workspace import open_workspace
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow
app = QApplication([])
ws = open_workspace(Path(sys.argv[1]), sys.argv[2])
win = MainWindow(ws, Hub())
win.show()
app.processEvents()
started = time.perf_counter() - t0
while not win.caseload_ready:
    app.processEvents()
    time.sleep(0.005)
current = time.perf_counter() - t0
rows = win.caseload.proxy.rowCount()
if sys.argv[3] == "keys":
    from visitdesk.ui.caseload import CHILD_ID_ROLE
    win.open_child(win.caseload.proxy.index(0, 0).data(CHILD_ID_ROLE))
    win.child_page._on_new_visit()
    form = win.visit_form
    edit = form.narrative["findings"]
    edit.setFocus()
    times = []
    for ch in "the child showed me her room and talked about school " * 2:
        t = time.perf_counter()
        QTest.keyClick(edit, ch)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(f"KEYS {statistics.median(times):.2f} {times[int(len(times) * 0.95)]:.2f}")
rss = int([l for l in open("/proc/self/status") if l.startswith("VmRSS")][0].split()[1]) // 1024
print(f"START {started:.3f} CURRENT {current:.3f} ROWS {rows} RSS {rss}")
ws.close()
"""


def run(folder: Path, mode: str) -> dict[str, str]:
    out = subprocess.run(
        [sys.executable, "-c", DRIVER, str(folder), "benchmark passphrase", mode],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    fields: dict[str, str] = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        for key, value in zip(parts[::2], parts[1::2], strict=False):
            fields[key] = value
        if parts and parts[0] == "KEYS":
            fields["KEYS"], fields["KEYS95"] = parts[1], parts[2]
    return fields


def main() -> None:
    sys.path.insert(0, str(HERE))
    from synthetic import build

    t = time.perf_counter()
    ws = build()
    folder = ws.data_dir
    ws.close()
    print(f"synthetic caseload built in {time.perf_counter() - t:.1f} s")
    cold = run(folder, "start")
    warm = [float(run(folder, "start")["START"]) for _ in range(3)]
    keys = run(folder, "keys")
    print(
        f"start, first of the day: window usable in {float(cold['START']):.2f} s, caseload "
        f"brought up to date in the background by {float(cold['CURRENT']):.2f} s "
        f"({cold['ROWS']} children)"
    )
    print(
        f"start, later (caseload remembered): median {statistics.median(warm):.2f} s "
        "(target < 1.5 s)"
    )
    print(
        f"keystroke to updated findings: median {float(keys['KEYS']):.2f} ms, "
        f"95th percentile {float(keys['KEYS95']):.2f} ms (target < 16 ms)"
    )
    print(f"resident memory after start: {keys['RSS']} MB (target < 300 MB)")


if __name__ == "__main__":
    main()
